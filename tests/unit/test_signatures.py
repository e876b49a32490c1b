"""Signature images: a capped data URL of PNG, JPEG or WebP with valid base64 (P05)."""

from __future__ import annotations

import base64

import pytest

from shared.errors import InvalidInput
from shared.identity.signatures import MAX_IMAGE_CHARS, Signature

PNG = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 64).decode()


def test_P05_a_signature_image_within_the_cap_is_taken() -> None:
    sig = Signature.parse({"name": "王芳", "image": PNG}, field="customer_signature")
    assert (sig.name, sig.role, sig.image) == ("王芳", "customer", PNG)
    for kind in ("jpeg", "webp"):
        Signature.parse({"name": "王芳", "image": PNG.replace("png", kind, 1)}, field="s")


@pytest.mark.parametrize("image", [
    "data:image/png;base64," + "A" * MAX_IMAGE_CHARS,       # over the cap
    "data:image/svg+xml;base64,PHN2Zz4=",                   # scriptable type
    "data:image/png;base64,not base64!",
    "data:image/png;base64,iVBORw0KGgo",                    # bad padding
    "data:image/png;base64,",
    "data:image/png,rawdata",
    "https://example.com/sig.png",
    12345,
])
def test_P05_a_signature_image_out_of_shape_or_over_the_cap_names_the_image(image: object) -> None:
    with pytest.raises(InvalidInput) as err:
        Signature.parse({"name": "王芳", "image": image}, field="customer_signature")
    assert (err.value.rule, err.value.field) == ("P05", "customer_signature.image")


def test_P05_signer_fields_are_strings_of_bounded_length() -> None:
    for data, field in (({"name": "x" * 101, "image": PNG}, "s.name"), ({"name": ["x"], "image": PNG}, "s.name"),
                        ({"name": "王芳", "role": "r" * 33, "image": PNG}, "s.role")):
        with pytest.raises(InvalidInput) as err:
            Signature.parse(data, field="s")
        assert err.value.field == field
