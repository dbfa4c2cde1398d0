"""Links and access codes for a shared pack.

The link carries 192 random bits; the code is four short everyday words (32 bits), easy to read
out over the phone or send by text, and guarded by the lock after five wrong tries. Neither is
kept: the link as its SHA-256, the code through Django's password hasher.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from django.contrib.auth.hashers import check_password, make_password

TOKEN_BYTES = 24  # 192 bits
CODE_WORDS = 4

# 256 short words that are hard to mishear or misspell, and harmless in any order.
WORDS = tuple(
    """
    acorn actor album amber anchor angle apple apron arch arrow atlas attic autumn award badge
    baker balloon bamboo banjo barley basket beach beacon berry bicycle biscuit blanket blossom
    bonnet border bottle bracket branch bread breeze brick bridge broom bucket bugle butter button
    cabin cactus camera candle canoe canvas carpet carrot castle cattle cedar cellar cherry
    chimney circle citrus clock cloud clover cobalt cocoa coffee collar comet copper coral cotton
    cradle crayon cricket crystal cupboard curtain cushion daisy dancer denim desert diary dinner
    doctor dolphin donkey dragon drawer driver drum eagle easel echo elbow ember engine falcon
    feather fence ferry fiddle finch flannel flute forest fossil fountain fox garden garlic
    gentle giant ginger glacier glove goose granite grape gravel guitar hammer harbour harvest
    hazel helmet heron hollow honey hopper iris island ivory jacket jigsaw kettle
    kitten ladder lantern lemon lily linen lobster locket magnet mango maple marble meadow melon
    mirror mitten morning mosaic muffin museum napkin needle nectar noodle nutmeg oak oasis ocean
    olive onion orange orchard otter owl paddle palace panda paper parrot pastry peach pebble
    pencil pepper piano pigeon pillow pilot planet plum pocket pony poppy potato puffin pumpkin
    puzzle quill rabbit radio raisin raven ribbon river robin rocket saddle salmon satin scarf
    shadow shell silver sketch sledge slipper spoon squirrel stable statue stone
    sugar summit sunset swan sweater table teapot thimble thistle thunder ticket tiger timber
    toffee tomato tortoise towel tractor trumpet tulip tunnel turnip umbrella valley velvet
    violin walnut wagon walrus willow window winter wizard yogurt zebra zipper basil
    beetle fern hedgehog lagoon
    """.split()
)
assert len(WORDS) == len(set(WORDS)) == 256, len(WORDS)  # noqa: S101 - a fixed list, checked once


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_code() -> str:
    """Four words, e.g. "maple river stone cloud"."""
    return " ".join(secrets.choice(WORDS) for _ in range(CODE_WORDS))


def normalised(typed: str) -> str:
    """The code as typed, in any case, with any spaces, hyphens or commas between the words."""
    return " ".join(re.findall(r"[a-z]+", typed.lower()))


def code_hash(code: str) -> str:
    return make_password(normalised(code))


def code_matches(typed: str, hashed: str) -> bool:
    return check_password(normalised(typed), hashed)
