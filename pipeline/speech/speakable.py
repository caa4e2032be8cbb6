"""Turn a caption into words a speech engine says as a teacher would.

Captions keep the symbols (∂E/∂w₁ = 520, η = 0.1, x², 1,760,000,000,000); an engine would
skip them or spell them out oddly. ``speakable`` rewrites a line into plain words and
punctuation only (``ALLOWED``): "the partial derivative of E with respect to w one equals
five hundred twenty", "eta equals zero point one", "x squared", "one point seven six
trillion". Each rule is a small function, applied in order; ``unspoken`` names anything a
line holds that no rule knows (it is dropped rather than mispronounced; a test wants none
in the lesson).
"""

from __future__ import annotations

import re
import unicodedata

ALLOWED = re.compile(r"^[A-Za-z ,.;:!?'\-]*$")  # what reaches an engine

ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen").split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (10**3, "thousand"))

SYMBOLS = {
    "×": " times ", "·": " times ", "÷": " divided by ", "←": ", back to ", "→": " to ", "≈": " about ",
    "≤": " at most ", "≥": " at least ", "≠": " is not ", "±": " plus or minus ", "√": " the square root of ",
    "∑": " the sum of ", "Σ": " the sum of ", "∇": " the gradient of ", "∞": " infinity ", "…": "...",
    "’": "'", "‘": "'", "“": '"', "”": '"', "−": "-", "–": ", ", "—": ", ", "✓": " ", "°": " degrees ",
}
GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "Δ": "delta", "ε": "epsilon", "η": "eta",
         "θ": "theta", "λ": "lambda", "μ": "mu", "π": "pi", "σ": "sigma", "τ": "tau", "φ": "phi", "ω": "omega"}
SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
SUPERSCRIPTS = {"²": "**2", "³": "**3", "⁴": "**4", "⁵": "**5", "⁶": "**6", "⁷": "**7", "⁸": "**8", "⁹": "**9",
                "¹": "**1", "⁰": "**0", "ⁿ": "**n", "⁻¹": "**-1"}
PRONOUNCED = {"ReLU": "relu", "ChatGPT": "Chat G P T", "tanh": "tanch"}  # said as words, not letters


def integer_words(n: int) -> str:
    """0 to 999,999,999,999,999 in words ("one hundred twenty-three")."""
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("-" + ONES[n % 10] if n % 10 else "")
    if n < 1000:
        return ONES[n // 100] + " hundred" + (" " + integer_words(n % 100) if n % 100 else "")
    for size, name in SCALES:
        if n >= size:
            head, rest = divmod(n, size)
            return integer_words(head) + " " + name + (" " + integer_words(rest) if rest else "")
    raise AssertionError(n)  # unreachable


def digits_words(digits: str) -> str:
    return " ".join(ONES[int(d)] for d in digits)


def number_words(text: str) -> str:
    """A number as written in a caption ("1,760,000,000,000", "0.0073", "2.400", "1.0e-09") in words."""
    text = text.replace(",", "")
    mantissa, _, exponent = text.lower().partition("e")
    whole, _, fraction = mantissa.partition(".")
    fraction = fraction.rstrip("0")  # "2.400" is said "two point four"
    whole = whole or "0"
    if exponent:
        power = int(exponent)
        sign = "minus " if power < 0 else ""
        return f"{number_words(mantissa)} times ten to the {sign}{integer_words(abs(power))}"
    value = int(whole)
    if not fraction and value >= 10**6:
        for size, name in SCALES[:3]:  # 1,760,000,000,000: "one point seven six trillion"
            if value >= size and value % (size // 1000) == 0:
                head = f"{value / size:.3f}".rstrip("0").rstrip(".")
                return f"{number_words(head)} {name}"
    if value >= 10**15:
        return digits_words(whole)
    return integer_words(value) + (f" point {digits_words(fraction)}" if fraction else "")


def _symbols(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    for sign, words in {**SUPERSCRIPTS, **SYMBOLS}.items():
        text = text.replace(sign, words)
    text = text.translate(SUBSCRIPTS)
    for letter, name in GREEK.items():  # a space only where the name would touch a letter or digit
        text = re.sub(rf"(\w?){letter}(\w?)", lambda m, name=name: (m.group(1) + " " if m.group(1) else "") + name
                      + (" " + m.group(2) if m.group(2) else ""), text)
    return re.sub(r"(?<![\w.])(\d+(?:\.\d+)?)e([-+]?\d+)\b", lambda m: " " + number_words(m.group(0)) + " ", text)


def _calculus(text: str) -> str:
    text = re.sub(r"∂\s*(\w+)\s*/\s*∂\s*(\w+)", r" the partial derivative of \1 with respect to \2 ", text)
    text = re.sub(r"\bd\s*([A-Za-z]\w*)\s*/\s*d\s*([A-Za-z]\w*)", r" the derivative of \1 with respect to \2 ", text)
    text = text.replace("∂", " partial ")
    text = re.sub(r"([A-Za-z]\w*)\s*'\s*\(", r"\1 prime of (", text)  # f'(3), sigma'(z)
    return text


def _powers(text: str) -> str:
    text = re.sub(r"\s*(\*\*|\^)\s*2\b", " squared", text)
    text = re.sub(r"\s*(\*\*|\^)\s*3\b", " cubed", text)
    text = re.sub(r"\s*(\*\*|\^)\s*\(?\s*(-?[\w.]+)\s*\)?", r" to the power \2", text)
    text = re.sub(r"\)\s*\(", ") times (", text)  # (3v2)(2u + 6x2)
    text = re.sub(r"\b([A-Za-z]\w*)\(", r"\1 of (", text)  # f(3, 2), sigmoid(z)
    return text


def _operators(text: str) -> str:
    text = re.sub(r"(\d)\s*%", r"\1 percent", text)
    text = re.sub(r"(?<![\w)])([-+])\s*(?=\.?\d)", lambda m: " minus " if m.group(1) == "-" else " plus ", text)
    text = re.sub(r"\s[-+]\s", lambda m: " minus " if "-" in m.group(0) else " plus ", text)
    text = re.sub(r"(?<=[A-Za-z])-(?=\d)", " ", text)  # GPT-4
    for sign, words in (("=", " equals "), ("+", " plus "), ("*", " times "), ("/", " over "), ("<", " less than "),
                        (">", " greater than "), ("_", " "), ("&", " and ")):
        text = text.replace(sign, words)
    return text


def _names(text: str) -> str:
    for term, words in PRONOUNCED.items():
        text = re.sub(rf"\b{term}\b", words, text)
    text = re.sub(r"(?<=\d)(?=[A-Za-z])(?!(?:st|nd|rd|th)\b)", " ", text)  # 3D, 2x1, 12u: a space between
    text = re.sub(r"(?<=[A-Za-z])(?=\d)", " ", text)  # x1, w10, h2
    text = re.sub(r"\b[A-Z]{2,5}\b", lambda m: " ".join(m.group(0)), text)  # AI, GPT: said letter by letter
    return text


_IRREGULAR = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth", "nine": "ninth",
              "twelve": "twelfth"}


def ordinal_words(n: int) -> str:
    """3 -> "third", 21 -> "twenty-first", 40 -> "fortieth"."""
    words = integer_words(n)
    head, last = re.match(r"^(.*?)([a-z]+)$", words).groups()
    last = _IRREGULAR.get(last) or (last[:-1] + "ieth" if last.endswith("y") else last + "th")
    return head + last


def _numbers(text: str) -> str:
    text = re.sub(r"\b(\d+)(?:st|nd|rd|th)\b", lambda m: " " + ordinal_words(int(m.group(1))) + " ", text)
    number = r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(e[-+]?\d+)?(?![\w])"
    text = re.sub(number, lambda m: " " + number_words(m.group(0)) + " ", text)
    return re.sub(r"(?<![\w])\.(\d+)\b", lambda m: " point " + digits_words(m.group(1)) + " ", text)


def _brackets(text: str) -> str:
    """Brackets and quotes are not said: "f(3, 2)" is "f of three, two"; an ellipsis is a pause."""
    return re.sub(r"[()\[\]{}\"]", " ", text.replace("...", ", "))


def _punctuation(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r"([,;:])(\s*[,;:])+", r"\1", text)
    text = re.sub(r",\s*([.!?])", r"\1", text)
    text = re.sub(r"^[\s,;:]+", "", text)
    return text.strip()


def _fold(text: str) -> str:
    """Letters with accents as plain letters (café: cafe); anything still not allowed becomes a space."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z ,.;:!?'\-]", " ", text)


RULES = (_symbols, _calculus, _powers, _operators, _names, _numbers, _brackets)


def speakable(text: str) -> str:
    """``text`` as words and punctuation only, in the form a teacher would say it."""
    for rule in RULES:
        text = rule(text)
    return _punctuation(_fold(text))


def unspoken(text: str) -> set[str]:
    """Characters of ``text`` no rule turns into words (they would be dropped)."""
    for rule in RULES:
        text = rule(text)
    return {c for c in unicodedata.normalize("NFKD", text)
            if not unicodedata.combining(c) and not re.match(r"[A-Za-z ,.;:!?'\-]", c)}


def spoken_words(written: list[str]) -> tuple[list[str], list[int]]:
    """What is said for a run of written words, as spoken words, and for each written word the index of the first
    spoken word it gave (the next one's, for a written word said as nothing: a lone "—").

    Found from the spoken form of each prefix, so a written "0.9991" is the five words "zero point nine nine
    one", "∂E/∂w₁" the eight of "the partial derivative of E with respect to w one". The indices never go
    back, and stay within the spoken words.

    >>> spoken_words(["η", "=", "0.1"])
    (['eta', 'equals', 'zero', 'point', 'one'], [0, 1, 2])
    """
    spoken = speakable(" ".join(written)).split()
    first, floor = [], 0
    for index in range(len(written)):
        said = len(speakable(" ".join(written[:index])).split()) if index else 0
        floor = min(max(floor, said), max(len(spoken) - 1, 0))
        first.append(floor)
    return spoken, first
