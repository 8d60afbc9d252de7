"""Narration: the script filled from the physics, speech, word timings and captions."""
