"""The sensitive-word check per comment, at 20,000 words.

    .venv/bin/python bench/moderation.py [--words 20000] [--runs 200]

Times, alternating in one process after a warm-up, with medians:
  (a) the floor it replaced: read every active word from the database and test
      each with `in` on the case-folded comment (61 ms a comment in the attack),
  (b) feedback.selectors.find_sensitive_word: normalise the comment (NFKC, no
      invisible characters or punctuation, traditional to simplified) and one
      pass of the cached Aho-Corasick automaton, plus its one cache read,
and prints the ratio a/b, the time to build the automaton, and what the normalising
alone costs. PostgreSQL when DATABASE_URL names one, else SQLite.
"""

import argparse
import random
import statistics
import time

from _setup import setup_django

COMMENT = (
    "上周去窗口办理社保卡补办，排队不到十分钟，工作人员态度很好，材料一次说清楚，"
    "还提醒我可以在手机上查进度。希望以后周末也能开放一个窗口，上班族方便一些。"
)


def old_style(text, words):
    folded = text.casefold()
    for word in words.filter(is_active=True).values_list("word", flat=True):
        if word.casefold() in folded:
            return word
    return None


def median_ms(timings):
    return statistics.median(timings) * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    vendor = setup_django()

    from feedback.models import SensitiveWord
    from feedback.selectors import find_sensitive_word, sensitive

    rng = random.Random(15)
    common = [chr(code) for code in range(0x4E00, 0x9FA5)]
    words = set()
    while len(words) < args.words:
        words.add("".join(rng.choice(common) for _ in range(rng.randint(2, 4))))
    # Words that cannot occur in COMMENT, so both sides scan everything.
    words = [word for word in words if word not in COMMENT]
    SensitiveWord.objects.bulk_create(SensitiveWord(word=word) for word in words)
    print(f"{len(words):,} active words on {vendor}; comment of {len(COMMENT)} chars\n")

    sensitive.invalidate()
    start = time.perf_counter()
    assert find_sensitive_word(text=COMMENT) is None  # builds the automaton
    build = time.perf_counter() - start
    assert old_style(COMMENT, SensitiveWord.objects) is None

    floor, automaton, normalising = [], [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        old_style(COMMENT, SensitiveWord.objects)
        floor.append(time.perf_counter() - start)
        start = time.perf_counter()
        find_sensitive_word(text=COMMENT)
        automaton.append(time.perf_counter() - start)
        start = time.perf_counter()
        sensitive.normalise(COMMENT)
        normalising.append(time.perf_counter() - start)

    a, b = median_ms(floor), median_ms(automaton)
    print(f"{'check':<52}{'median ms':>10}")
    print(f"{'(a) old loop: every word from the database (floor)':<52}{a:>10.3f}")
    print(f"{'(b) normalise + cached Aho-Corasick automaton':<52}{b:>10.3f}")
    print(
        f"{'    of which normalising the comment':<52}{median_ms(normalising):>10.3f}"
    )
    print(f"\na/b: {a / b:.0f}x faster per comment")
    print(
        f"building the automaton once per process (and per word change): {build:.2f} s"
    )


if __name__ == "__main__":
    main()
