"""Localised practice packs: posters, leaflet, letter, staff script, TV slide and website text.

``profile`` reads practice details, ``wording`` the pack wording, ``render`` compiles the Typst
templates, ``pack`` makes one practice's folder and ``batch`` many from a CSV file.
"""
