"""A segment's pictures: what is on screen when, the pieces it is cut into, and their frames."""
