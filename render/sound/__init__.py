"""The narration and music as audio: sentence arrays, AAC pieces, the ducked music bed."""
