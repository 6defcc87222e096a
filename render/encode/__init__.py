"""ffmpeg and H.264 for video: coded stills, segment chunks, the join and the mux."""
