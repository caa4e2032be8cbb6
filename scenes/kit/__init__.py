"""The lesson's shared look: palette, base scene, tables, cards, plots, diagrams."""
