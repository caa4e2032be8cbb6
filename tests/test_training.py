"""The network segment's tables, recomputed; hand-checked values in the comments."""

from fractions import Fraction as F

import pytest

from mathcore import LessonParams, ParameterError, crime_scene, fmt, strategy_curves

NET = LessonParams().network


def test_dataset_from_the_target_function():
    # 2*3^2 + 3*2 = 24, 2*1 + 12 = 14, 8 + 3 = 11
    assert [(e.inputs, e.target) for e in NET.dataset.examples] == [
        ((3, 2), 24), ((1, 4), 14), ((2, 1), 11)
    ]


def test_forward_table_and_total_squared_error():
    table = NET.trainer.forward_table(NET.weights)
    # h1 = (x1 + x2)^2, h2 = 2 x1 x2, y = h1 + h2
    assert [(r.forward["h1"], r.forward["h2"], r.prediction) for r in table.rows] == [
        (25, 12, 37), (25, 8, 33), (9, 4, 13)
    ]
    assert [r.difference for r in table.rows] == [13, 19, 2]
    assert [r.loss for r in table.rows] == [169, 361, 4]
    assert table.total_loss == 534


def test_crime_scene_gradients_update_and_after():
    scene = crime_scene(NET)
    # dE/dy = 26; w5: 26, w4: 26*12, w3: 26*25, w2: 26*w4*x1*x2 = 156, w1: 26*w3*2*5*2 = 520
    assert scene.backward.gradients(("w1", "w2", "w3", "w4", "w5")) == (520, 156, 650, 312, 26)
    assert [r.new for r in scene.update.rows] == [F("0.948"), F("1.9844"), F("0.935"), F("0.9688"), F("-0.0026")]
    # h1 = 4.896^2 = 23.970816, h2 = 11.9064, y = 22.41271296 + 11.53492032 - 0.0026
    assert scene.after["h1"] == F("23.970816")
    assert scene.after["y_pred"] == F("33.94503328")
    assert fmt(scene.after["y_pred"], 2) == "33.95"
    blame_w1 = scene.blames[0]
    assert [f.value for f in blame_w1.paths[0].factors] == [26, 1, 20]


def test_batch_gradient_table_corrects_the_seed():
    table = NET.trainer.gradient_table(NET.weights)
    # (1,4): dE/dy = 2*(33-14) = 38, dE/dw1 = 38 * 1 * 2*(1+4)*4 = 1520 (seed: 380)
    # (2,1): dE/dy = 4, dE/dw2 = 4 * 1 * 2*1 = 8 (seed: 16)
    assert [r.gradients for r in table.rows] == [
        (520, 156, 650, 312, 26), (1520, 152, 950, 304, 38), (24, 8, 36, 16, 4)
    ]
    assert table.totals == (2064, 316, 1636, 632, 68)


def test_batch_update_and_every_example_improves():
    update = NET.trainer.batch_update(NET.weights, NET.learning_rate)
    assert [r.new for r in update.rows] == [F("0.7936"), F("1.9684"), F("0.8364"), F("0.9368"), F("-0.0068")]
    check = NET.trainer.verify(NET.weights, update.new_weights)
    assert check.all_improved
    # (2,1): h1 = 2.7936^2 = 7.80420096, h2 = 3.9368, y = 0.8364 h1 + 0.9368 h2 - 0.0068
    y = F("0.8364") * F("7.80420096") + F("0.9368") * F("3.9368") - F("0.0068")
    assert check.rows[2].after.prediction == y
    assert [fmt(r.after.prediction, 2) for r in check.rows] == ["28.66", "21.94", "10.21"]


def test_online_updates_chain_from_one_example_to_the_next():
    updates = NET.trainer.online_updates(NET.weights, NET.learning_rate)
    assert len(updates) == 3
    assert [r.new for r in updates[0].rows] == [F("0.948"), F("1.9844"), F("0.935"), F("0.9688"), F("-0.0026")]
    assert [r.old for r in updates[1].rows] == [r.new for r in updates[0].rows]


def test_a_diverged_strategy_does_not_push_the_others_off_the_log_plot():
    """Batch at a rate that blows up (errors near 1e80) must leave online and mini-batch, ending near 17, in view."""
    import dataclasses

    net = dataclasses.replace(NET, inputs=(("3", "2"), ("1", "4"), ("2", "1"), ("0", "3")), curve_learning_rate="0.002")
    curves = strategy_curves(net)
    assert curves.batch.diverged and max(curves.batch.losses) > 1e70
    assert not curves.online.diverged and not curves.minibatch.diverged
    low, high = curves.log_range(8)
    kept = [loss for h in (curves.online, curves.minibatch) for loss in h.losses]
    assert 10.0**low <= min(kept) and max(kept) <= 10.0**high  # every point of the two in range, none on the floor
    assert (low, high) == (0, 3)  # 17.1 ... 534 (and online's larger first steps, below 1000)
    assert strategy_curves(NET).log_range(8) == (0, 3)  # nothing diverged: the range of all three, as before


def test_strategy_curves_start_at_534_and_fall():
    curves = strategy_curves(NET)
    for history in (curves.online, curves.batch, curves.minibatch):
        assert history.losses[0] == 534
        assert not history.diverged
        assert history.losses[-1] < 50
    n, epochs = 3, NET.curve_epochs
    assert len(curves.online.losses) == 1 + n * epochs
    assert len(curves.batch.losses) == 1 + epochs
    assert len(curves.minibatch.losses) == 1 + 2 * epochs  # batches of 2 and 1


def test_minibatch_is_reproducible_from_its_seed_and_differs_across_seeds():
    a = NET.trainer.train(NET.weights, "0.0005", "minibatch", 5, batch_size=2, seed=1)
    b = NET.trainer.train(NET.weights, "0.0005", "minibatch", 5, batch_size=2, seed=1)
    c = NET.trainer.train(NET.weights, "0.0005", "minibatch", 5, batch_size=2, seed=2)
    assert a == b and a.losses != c.losses


def test_divergent_training_is_reported():
    history = NET.trainer.train(NET.weights, "0.01", "batch", 50)
    assert history.diverged
    assert all(loss < float("inf") for loss in history.losses)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda t: t.train(NET.weights, 0, "batch", 3), "learning rate"),
        (lambda t: t.train(NET.weights, "0.1", "sgd", 3), "strategy"),
        (lambda t: t.train(NET.weights, "0.1", "minibatch", 3, batch_size=9), "larger than the dataset"),
        (lambda t: t.forward_table({"w1": 1}), "missing"),
        (lambda t: t.forward_table({**NET.weights, "w1": "one"}), "numbers"),
    ],
)
def test_bad_training_parameters(call, message):
    with pytest.raises(ParameterError, match=message):
        call(NET.trainer)
