"""Pillow's pixel limit, set on purpose once: anything that opens an image imports this first."""

from PIL import Image

# About 8000×8000. Pillow warns above this and refuses to open at twice it, before decoding.
MAX_IMAGE_PIXELS = 64_000_000

Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
