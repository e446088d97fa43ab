"""The matrix-product kernel of the pipeline's layers (analysis.gemm): numpy's products
equal BLIS's within float tolerance for every shape, transpose and ``out=``; the switch
chooses the ops every layer of a loaded pipeline runs on and rejects other values; the
choice is in the parse stage's key, so switching it parses again. That a build's worker
runs numpy's BLAS on one thread: tests/analysis/test_blas_threads.py."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from thinc.api import NumpyOps

from analysis import gemm, parse, pipeline, stages
from analysis.build import build_corpus
from analysis.nlp import load_model
from tests.conftest import TRAINED_MODEL
from tests.factories import ruler_story, write_corpus
from tests.properties import examples

ROOT = Path(__file__).resolve().parents[2]
BLIS = NumpyOps()  # thinc's default CPU ops: BLIS


def _pair(m: int, k: int, n: int, trans1: bool, trans2: bool, seed: int):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((k, m) if trans1 else (m, k)).astype("float32")
    y = rng.standard_normal((n, k) if trans2 else (k, n)).astype("float32")
    return x, y


@settings(max_examples=examples(80), deadline=None)
@given(
    m=st.integers(1, 70),
    k=st.integers(1, 400),
    n=st.integers(1, 300),
    trans1=st.booleans(),
    trans2=st.booleans(),
    into=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
@example(m=64, k=96, n=288, trans1=False, trans2=True, into=False, seed=1)  # precompute
@example(m=64, k=384, n=96, trans1=False, trans2=False, into=True, seed=2)  # maxout
@example(m=1, k=1, n=1, trans1=True, trans2=True, into=True, seed=3)
def test_numpy_gemm_equals_blis_within_float_tolerance(m, k, n, trans1, trans2, into, seed):
    x, y = _pair(m, k, n, trans1, trans2, seed)
    ops = gemm.numpy_gemm_ops()
    want = BLIS.gemm(x, y, trans1=trans1, trans2=trans2)
    out = np.full((m, n), np.nan, dtype="float32") if into else None
    got = ops.gemm(x, y, out=out, trans1=trans1, trans2=trans2)
    assert got.shape == (m, n) and got.dtype == np.float32
    if into:
        assert got is out
    scale = np.abs(x).max() * np.abs(y).max() * k  # bound of a sum's rounding error
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-5 * scale)


def test_the_switch_reads_its_variable_and_rejects_other_values(monkeypatch):
    monkeypatch.delenv(gemm.ENV_VAR, raising=False)
    assert gemm.gemm_choice() == gemm.DEFAULT == "numpy"
    monkeypatch.setenv(gemm.ENV_VAR, " BLIS ")
    assert gemm.gemm_choice() == "blis"
    monkeypatch.setenv(gemm.ENV_VAR, "mkl")
    with pytest.raises(ValueError, match="NEWSLENS_GEMM='mkl'"):
        gemm.gemm_choice()


def _layer_ops(nlp) -> set[tuple[str, bool]]:
    """(ops class, uses BLIS) of every layer of ``nlp``'s trained components."""
    return {
        (type(layer.ops).__name__, getattr(layer.ops, "use_blis", None))
        for _, component in nlp.pipeline
        if hasattr(component, "model")
        for layer in component.model.walk()
    }


def test_the_switch_chooses_the_ops_of_every_layer_of_a_loaded_pipeline(monkeypatch):
    pytest.importorskip(TRAINED_MODEL)
    monkeypatch.setenv(gemm.ENV_VAR, "blis")
    spacys_own = load_model(TRAINED_MODEL)
    monkeypatch.setenv(gemm.ENV_VAR, "numpy")
    with_numpy = load_model(TRAINED_MODEL)
    assert with_numpy is not spacys_own  # cached per choice
    assert _layer_ops(spacys_own) == {("NumpyOps", True)}
    assert _layer_ops(with_numpy) == {("NumpyOps", False)}
    text = "Iran and Iraq met in Paris on Monday, Reuters said. Exxon Corp rose 3%."
    a, b = spacys_own(text), with_numpy(text)
    assert [(e.text, e.label_) for e in a.ents] == [(e.text, e.label_) for e in b.ents]
    assert a.ents  # the pipeline did find entities: the comparison means something


def test_a_kernel_given_to_load_model_wins_over_the_environment(monkeypatch):
    """What a Dask worker is given (analysis.distributed): the driver's choice."""
    pytest.importorskip(TRAINED_MODEL)
    monkeypatch.setenv(gemm.ENV_VAR, "blis")
    assert _layer_ops(load_model(TRAINED_MODEL, "numpy")) == {("NumpyOps", False)}
    monkeypatch.setenv(gemm.ENV_VAR, "numpy")
    assert _layer_ops(load_model(TRAINED_MODEL, "blis")) == {("NumpyOps", True)}
    with pytest.raises(ValueError, match="NEWSLENS_GEMM='mkl'"):
        load_model(TRAINED_MODEL, "mkl")


def test_the_choice_is_in_the_parse_stage_key(monkeypatch):
    model = "some_pipeline 1.0"
    monkeypatch.setenv(gemm.ENV_VAR, "blis")
    blis = stages.stage_keys(model)
    monkeypatch.setenv(gemm.ENV_VAR, "numpy")
    numpy = stages.stage_keys(model)
    assert {s for s in blis if blis[s] != numpy[s]} == set(stages.STAGE_NAMES)
    monkeypatch.setenv(gemm.ENV_VAR, "blis")
    assert stages.stage_keys(model) == blis  # the same choice selects the same keys


def test_switching_the_kernel_parses_again(tmp_path, model, monkeypatch):
    """A build, the same build again (nothing runs), then the other kernel: every
    document is parsed again."""
    corpus = write_corpus(tmp_path / "news", {f"d{i}.txt": (ruler_story(i), "2024-01-05")
                                              for i in range(4)})  # fmt: skip
    calls = []
    real = parse.parse_texts

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(parse, "parse_texts", counted)
    monkeypatch.setattr(pipeline, "parse_texts", counted)
    cache = tmp_path / "cache"
    monkeypatch.setenv(gemm.ENV_VAR, "blis")
    assert build_corpus(corpus, cache_dir=cache, model=model, workers=1).processed == 4
    assert build_corpus(corpus, cache_dir=cache, model=model, workers=1).processed == 0
    calls.clear()
    monkeypatch.setenv(gemm.ENV_VAR, "numpy")
    assert build_corpus(corpus, cache_dir=cache, model=model, workers=1).processed == 4
    assert calls
