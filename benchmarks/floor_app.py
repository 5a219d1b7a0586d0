"""The reference floor: a one-command Typer app that only prints, the least any Typer CLI pays."""

import typer

app = typer.Typer()


@app.command()
def main() -> None:
    print("hello")


if __name__ == "__main__":
    app()
