"""The compute payload form shows the GPU figures the scenario stores (issue 9 item 8), in the
datasheet's units, and an edit of them is an edit of the scenario."""

from __future__ import annotations

import pytest


def test_the_gpu_figures_are_shown_and_edited(window):
    window.tree.select_item("designs", 0)
    form = window.editors.design_forms["compute"]
    # NVIDIA H100 SXM datasheet: 700 W, 989 TFLOP/s BF16 dense, 1,979 TFLOP/s FP8 dense
    assert form.fields["gpu_tdp_w"].editor.text() == "700"
    assert form.fields["gpu_bf16_peak_flop_per_s"].editor.text() == "989"
    assert form.fields["gpu_fp8_peak_flop_per_s"].editor.text() == "1979"
    field = form.fields["gpu_bf16_peak_flop_per_s"]
    field.editor.setText("1000")
    field.editor.editingFinished.emit()
    assert not field.error
    assert window.document.scenario.designs[0].compute.gpu_bf16_peak_flop_per_s == pytest.approx(1e15, rel=1e-12)
