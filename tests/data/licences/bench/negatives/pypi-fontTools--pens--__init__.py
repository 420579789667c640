"""Empty __init__.py file to signal Python this directory is a package."""
