"""Records coming in and going out: typed values into the stored form, files to import (JSON,
JSON Lines, CSV), CSV rows, importing all or nothing, and validation of stores and files."""
