"""The lesson's voice: engines run as separate processes, the normaliser that makes math speakable,
caption splitting, the audio cache, and the mix (loudness, true peak) of the joined lesson.

Data flow: a scene's ``say(text)`` asks the installed voice for the line (``narrator.Narrator``);
the voice splits it into sentences, turns each into speakable words (``speakable``), takes its
audio from the cache or the engine (``engines``), and returns how long the beat must last with
caption and clip times. After the render the segment's track is mixed from those clips (``mix``);
the join measures and normalises the whole lesson's loudness (``loudness``) and encodes AAC.
"""
