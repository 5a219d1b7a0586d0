"""Typed values into the stored form, and ids made from a date and a title."""

from __future__ import annotations

from pacli.transfer.normalize import make_id


def test_make_id() -> None:
    assert (
        make_id("2023-05", "Cumbre de Bogotá: ¡Éxito!", set()) == "2023-05-cumbre-de-bogota-exito"
    )
    taken = {"2023-x", "2023-x-2"}
    assert make_id("2023", "X", taken) == "2023-x-3"
    assert make_id("2023", "!!!", set()) == "2023-record"
    assert len(make_id("2023", "word " * 40, set())) <= 60
