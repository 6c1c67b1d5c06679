"""Frames a live figure's ipympl canvas sends, counted as a connected browser would get them."""


def count_frames(canvas):
    """The frames (PNG bytes) `canvas` sends from now on, as if a browser were connected."""
    frames = []
    canvas.syncing_data_url = False  # what ipympl does once a browser view says "initialized"
    canvas.send = lambda content, buffers=None: frames.extend(buffers or [])
    return frames
