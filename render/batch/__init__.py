"""Many renders at once: batch inputs, variants, and the executors that run them."""
