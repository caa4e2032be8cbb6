"""The default lesson, "How neural networks learn": a lesson folder like any other.

    lesson.toml     its config: titles, the order of its segments and its answer key, every parameter
    segments/       one file per segment (``SEGMENT = segment(...)``) and the helpers they share
                    (``wording``: the outcome phrases, each chosen from mathcore's facts)

It is a package of the project (``lessons.neural_networks.segments.valley``), loaded by every command
that names no other lesson (`pipeline.lesson_folder.load_default`).
"""
