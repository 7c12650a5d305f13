"""The content layer: reading, checking and modelling the project's files.

It imports nothing above it.
"""
