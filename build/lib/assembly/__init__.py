"""Assembly: scene clips, narration and captions into the finished, checked outputs."""
