"""The lessons that ship with the project, each a folder: its config (lesson.toml) and its segments' code.

``neural_networks`` is the default lesson ("How neural networks learn"); ``momentum`` is a second one,
rendered with ``lesson render --lesson lessons/momentum``. A folder of your own works the same way
(docs/authoring.md).
"""
