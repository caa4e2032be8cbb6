"""Hostile values the fuzzers draw from (configs and mathcore requests): what an adversarial round found."""

# numbers whose power of ten would make an exact Fraction of a billion digits, and long decimals
HUGE_NUMBERS = ["1e999999999", "-1e-999999999", "1e99999999", "9" * 58 + "e999", "0." + "1" * 58]

# transcendental functions nested past what sympy evaluates quickly
TOWERS = ["exp(exp(exp(exp(x))))", "log(log(log(log(x))))", "sigmoid(exp(exp(exp(x))))*x",
          "exp(" * 20 + "x" + ")" * 20]

# short formulas whose expansion or nesting is huge
EXPANSION_BOMBS = ["((x+1)**20+1)**20", "(x+1)**64*(x+2)**64", "((x**2+x+1)**8)**8", "(" * 45 + "x" + ")" * 45]

# text that is markup or a command in one of the outputs: VTT, HTML, CSV, a terminal, TeX
HOSTILE_TEXT = ["00:00:00.000 --> 99:59:59.999 line:0 TEXT", "see <!--<script>", "</script><script>alert(1)",
                '=HYPERLINK("http://x")', "+1+1", "@SUM(A1)", "\x1b]2;owned\x07", "\\input{/etc/passwd}",
                "x\u0000y", "\ud800"]


def path_explosion(count: int, leaves: tuple[str, str] = ("x1", "x2")) -> list[list[str]]:
    """Nodes each using the two before it: 2^count chain-rule paths from the first leaf to the last node."""
    first, second = leaves
    nodes = [["n0", f"{first}*{second}"], ["n1", f"n0 + {first}"]]
    nodes += [[f"n{i}", f"n{i - 1}*n{i - 2}"] for i in range(2, count)]
    return nodes


def squaring_chain(count: int, leaf: str = "x1") -> list[list[str]]:
    """Nodes each a product of the one before with itself plus one: the formula's size doubles at each."""
    return [["n0", f"{leaf}*2"]] + [[f"n{i}", f"n{i - 1}*(n{i - 1}+1)"] for i in range(1, count)]
