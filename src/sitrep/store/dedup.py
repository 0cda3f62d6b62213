"""Near-duplicate documents: MinHash signatures and locality-sensitive bands.

A syndicated copy of a story (another outlet, a new headline, a sentence cut) shares most of
its word 5-grams with the original. Each document's MinHash (datasketch, 128 permutations) is
cut into `BANDS` bands of `ROWS` rows; documents sharing a band are candidates, and a candidate
whose estimated Jaccard similarity reaches `NEAR_DUPLICATE` is a copy. With 16 bands of 8
rows, a pair at 0.8 is found with probability 0.95 and a pair at 0.5 becomes a candidate with
probability 0.06, so the store looks only at a handful of documents per new one.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash

PERMUTATIONS = 128
BANDS = 16
ROWS = 8
SHINGLE = 5
NEAR_DUPLICATE = 0.8
"""Estimated Jaccard similarity of word 5-grams from which a document is another's copy."""

_WORD = re.compile(r"\w+", re.UNICODE)


def signature(text: str) -> np.ndarray:
    """The MinHash signature of a text's word shingles (uint64)."""
    words = [w.lower() for w in _WORD.findall(text)]
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    minhash = MinHash(num_perm=PERMUTATIONS, seed=1)
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    return np.asarray(minhash.hashvalues, dtype=np.uint64)


def bands(sig: np.ndarray) -> list[tuple[int, str]]:
    """The (band, hash) keys a signature is filed under."""
    return [
        (b, hashlib.blake2b(sig[b * ROWS : (b + 1) * ROWS].tobytes(), digest_size=12).hexdigest())
        for b in range(BANDS)
    ]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The estimated Jaccard similarity of two signatures."""
    return float(np.mean(a == b))


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u8").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u8").astype(np.uint64)
