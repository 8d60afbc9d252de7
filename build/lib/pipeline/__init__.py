"""The pipeline: a job's stages, from its values to its published outputs, and the commands over them."""
