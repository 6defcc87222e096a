"""What each segment becomes: narration audio, a title card, caption cues."""
