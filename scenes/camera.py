"""Manim's Cairo camera, tracing each shape's outline once for as long as its points stay the same."""

from manim.camera.camera import Camera

#: Outlines kept, at most; the oldest half goes when full (a scene redraws a few hundred shapes a frame).
KEPT_PATHS = 4_000


class PathCamera(Camera):
    """Draws exactly as Manim's :class:`~manim.camera.camera.Camera`, with the same Cairo calls.

    Manim works out a shape's subpaths from its points on every frame it draws it, for a
    glyph that never moves as for one that does: here the calls that trace an outline
    are recorded the first time and replayed while the points, byte for byte, are the same.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._paths = {}

    def set_cairo_context_path(self, ctx, vmobject):
        key = (vmobject.points.tobytes(), vmobject.n_points_per_cubic_curve, vmobject.tolerance_for_point_equality)
        calls = self._paths.get(key)
        if calls is None:
            recorder = _Recorder()
            super().set_cairo_context_path(recorder, vmobject)
            calls = self._paths[key] = recorder.calls
            if len(self._paths) > KEPT_PATHS:
                for old in list(self._paths)[:KEPT_PATHS // 2]:
                    del self._paths[old]
        for name, args in calls:
            getattr(ctx, name)(*args)
        return self


class _Recorder:
    """Stands in for a Cairo context while an outline is traced; keeps each call with its arguments."""

    def __init__(self):
        self.calls = []

    def __getattr__(self, name):
        if name not in ("new_path", "new_sub_path", "move_to", "curve_to", "close_path"):
            raise AttributeError(name)  # a call that draws, not traces: Manim's code changed
        return lambda *args: self.calls.append((name, args))
