import functools
import itertools
import platform
import sys

from packaging.version import parse as parse_version
import pytest

from mpl_toolkits.mplot3d import Axes3D, axes3d, proj3d, art3d
from mpl_toolkits.mplot3d.axes3d import _Quaternion as Quaternion
import matplotlib as mpl
from matplotlib.backend_bases import (MouseButton, MouseEvent,
                                      NavigationToolbar2)
from matplotlib import cm
from matplotlib import colors as mcolors, patches as mpatch
from matplotlib.testing.decorators import image_comparison, check_figures_equal
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.patches import Circle, PathPatch
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib import _api

import matplotlib.pyplot as plt
import numpy as np


mpl3d_image_comparison = functools.partial(
    image_comparison, remove_text=True, style='default')


def plot_cuboid(ax, scale):
    # plot a rectangular cuboid with side lengths given by scale (x, y, z)
    r = [0, 1]
    pts = itertools.combinations(np.array(list(itertools.product(r, r, r))), 2)
    for start, end in pts:
        if np.sum(np.abs(start - end)) == r[1] - r[0]:
            ax.plot3D(*zip(start*np.array(scale), end*np.array(scale)))


@check_figures_equal()
def test_invisible_axes(fig_test, fig_ref):
    ax = fig_test.subplots(subplot_kw=dict(projection='3d'))
    ax.set_visible(False)


@mpl3d_image_comparison(['grid_off.png'], style='mpl20')
def test_grid_off():
    fig = plt.figure()
    ax = fig.add_subplot(projection='3d')
    ax.grid(False)


@mpl3d_image_comparison(['invisible_ticks_axis.png'], style='mpl20')
def test_invisible_ticks_axis():
    fig = plt.figure()
    ax = fig.add_subplot(projection='3d')
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_zticks([])
    for axis in [ax.xaxis, ax.yaxis, ax.zaxis]:
        axis.line.set_visible(False)


@mpl3d_image_comparison(['axis_positions.png'], remove_text=False, style='mpl20')
def test_axis_positions():
    positions = ['upper', 'lower', 'both', 'none']
    fig, axs = plt.subplots(2, 2, subplot_kw={'projection': '3d'})
    for ax, pos in zip(axs.flatten(), positions):
        for axis in ax.xaxis, ax.yaxis, ax.zaxis:
            axis.set_label_position(pos)
            axis.set_ticks_position(pos)
        title = f'{pos}'
        ax.set(xlabel='x', ylabel='y', zlabel='z', title=title)


@mpl3d_image_comparison(['axis_positions_inverted.png'], remove_text=False,
                        style='mpl20')
def test_axis_positions_inverted():
    # Regression test for https://github.com/matplotlib/matplotlib/issues/31989
    # Check the visual placement of axes, ticks and labels for
    # every combination of inverted x, y and z axes.
    combinations = list(itertools.product([False, True], repeat=3))
    fig, axs = plt.subplots(2, 4, figsize=(10, 6),
                            subplot_kw={'projection': '3d'})
    for ax, (invert_x, invert_y, invert_z) in zip(axs.flatten(), combinations):
        # Plot an asymmetric line so that inverting an axis visibly mirrors the data,
        # ensuring the projection is exercised for every inversion combination
        ax.plot([0, 1, 1], [0, 0, 1], [0, 1, 1])
        if invert_x:
            ax.invert_xaxis()
        if invert_y:
            ax.invert_yaxis()
        if invert_z:
            ax.invert_zaxis()
        title = (f'{"-" if invert_x else ""}x, '
                 f'{"-" if invert_y else ""}y, '
                 f'{"-" if invert_z else ""}z')
        ax.set(xlabel='x', ylabel='y', zlabel='z', title=title)


def test_set_aspect_datalim_restores_limits():

    fig = plt.figure()
    ax = fig.add_subplot(projection='3d')

    ax.plot([0,1], [0,2], [0,3])

    fig.canvas.draw()
    default_limits = ax.get_w_lims()

    ax.set_aspect('equal', adjustable='datalim')
    fig.canvas.draw()
    equal_limits = ax.get_w_lims()

    ax.set_aspect('auto', adjustable='datalim')
    fig.canvas.draw()
    final_limits = ax.get_w_lims()

    # equal should change limits
    assert not np.allclose(default_limits, equal_limits)

    # auto should restore original limits
    assert np.allclose(default_limits, final_limits)


def test_set_aspect_datalim_restores_untouched_axes():
    fig = plt.figure()
    ax = fig.add_subplot(projection='3d')
    ax.plot([1, 2], [3, 4], [5, 6])
    orig_lims = ax.get_w_lims()

    ax.set_aspect('equal', adjustable='datalim')
    ax.set_xlim(-50, 50)  # explicit user change mid-'equal'
    ax.set_aspect('auto', adjustable='datalim')

    xlim, ylim, zlim = ax.get_xlim3d(), ax.get_ylim3d(), ax.get_zlim3d()
    assert xlim == (-50, 50)               # explicit value preserved
    assert ylim == orig_lims[2:4]          # untouched axis restored
    assert zlim == orig_lims[4:6]          # untouched axis restored


@mpl3d_image_comparison(['aspects.png'], remove_text=False, style='mpl20')
def test_aspects():
    aspects = ('auto', 'equal', 'equalxy', 'equalyz', 'equalxz', 'equal')
    _, axs = plt.subplots(2, 3, subplot_kw={'projection': '3d'})

    for ax in axs.flatten()[0:-1]:
        plot_cuboid(ax, scale=[1, 1, 5])
    # plot a cube as well to cover github #25443
    plot_cuboid(axs[1][2], scale=[1, 1, 1])

    for i, ax in enumerate(axs.flatten()):
        ax.set_title(aspects[i])
        ax.set_box_aspect((3, 4, 5))
        ax.set_aspect(aspects[i], adjustable='datalim')
    axs[1][2].set_title('equal (cube)')


@mpl3d_image_comparison(['aspects_adjust_box.png'],
                        remove_text=False, style='mpl20')
def test_aspects_adjust_box():
    aspects = ('auto', 'equal', 'equalxy', 'equalyz', 'equalxz')
    fig, axs = plt.subplots(1, len(aspects), subplot_kw={'projection': '3d'},
                            figsize=(11, 3))

    for i, ax in enumerate(axs):
        plot_cuboid(ax, scale=[4, 3, 5])
        ax.set_title(aspects[i])
        ax.set_aspect(aspects[i], adjustable='box')


def test_axes3d_repr():
    fig = pl