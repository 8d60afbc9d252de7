"""The floor every stage stands on: errors, the store, media and ffmpeg, the palette, the plan, the formats."""
