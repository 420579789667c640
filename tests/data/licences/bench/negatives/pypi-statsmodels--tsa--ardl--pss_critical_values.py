#!/usr/bin/env python

"""
Critical value polynomials and related quantities for the bounds test of

Pesaran, M. H., Shin, Y., & Smith, R. J. (2001). Bounds testing approaches
   to the analysis of level relationships. Journal of applied econometrics,
   16(3), 289-326.

These were computed using 32,000,000 simulations for each key using the
methodology of PSS, who only used 40,000. The asymptotic P-value response
functions were computed based on the simulated value. Critical values
are the point estimates for the respective quantiles. The simulation code
is contained in pss.py. The output files from this function are then
transformed using pss_process.py.

The format of the keys are (k, case, I1) where

* k is the number of x variables included in the model (0 is an ADF)
* case is 1, 2, 3, 4 or 5 and corresponds to the PSS paper
* I1 is True if X contains I1 variables and False if X is stationary

The parameters are for polynomials of order 3 (large) or 2 (small).
stat_star is the value where the switch between large and small occurs.
Stat values less then stat_star use large_p, while values above use
small_p. In all cases the stat is logged prior to computing the p-value
so that the p-value is

1 - Phi(c[0] + c[1] * x + c[2] * x**2 + c[3] * x**3)

where x = np.log(stat) and Phi() is the normal cdf.

When evaluating the models, the polynomial is evaluated at the natural log of the
test statistic and then the normal CDF of this value is computed to produce
the p-value.
"""

__all__ = ["crit_percentiles", "crit_vals", "large_p", "small_p", "stat_star"]

large_p = {
    (1, 1, False): [0.2231, 0.91426, 0.10102, 0.00569],
    (1, 1, True): [-0.21766, 0.85933, 0.10411, 0.00661],
    (1, 2, False): [-0.60796, 1.48713, 0.15076, 0.04453],
    (1, 2, True): [-0.96204, 1.52593, 0.15996, 0.04166],
    (1, 3, False): [-0.62883, 0.78991, 0.1, 0.00693],
    (1, 3, True): [-0.91895, 0.82086, 0.12921, 0.01076],
    (1, 4, False): [-1.50546, 1.79052, 0.05488, 0.06801],
    (1, 4, True): [-1.79654, 1.8048, 0.06573, 0.06768],
    (1, 5, False): [-1.36367, 0.94126, 0.21556, 0.02473],
    (1, 5, True): [-1.60554, 0.93305, 0.2422, 0.03241],
    (2, 1, False): [0.20576, 1.18914, 0.15731, 0.01144],
    (2, 1, True): [-0.49024, 1.16958, 0.20564, 0.02008],
    (2, 2, False): [-0.51799, 1.6368, 0.18955, 0.04317],
    (2, 2, True): [-1.13394, 1.71056, 0.20442, 0.04195],
    (2, 3, False): [-0.51712, 1.12963, 0.18936, 0.01808],
    (2, 3, True): [-1.07441, 1.14964, 0.26066, 0.03338],
    (2, 4, False): [-1.29895, 1.88501, 0.11734, 0.06615],
    (2, 4, True): [-1.82455, 1.92207, 0.13753, 0.06269],
    (2, 5, False): [-1.22263, 1.23208, 0.31401, 0.04495],
    (2, 5, True): [-1.67689, 1.17567, 0.33606, 0.05898],
    (3, 1, False): [0.1826, 1.39275, 0.19774, 0.01647],
    (3, 1, True): [-0.71889, 1.39726, 0.29712, 0.03794],
    (3, 2, False): [-0.45864, 1.77632, 0.22125, 0.04372],
    (3, 2, True): [-1.28619, 1.88107, 0.23969, 0.04414],
    (3, 3, False): [-0.45093, 1.38824, 0.26556, 0.03063],
    (3, 3, True): [-1.22712, 1.36564, 0.34942, 0.05555],
    (3, 4, False): [-1.15886, 1.99182, 0.16358, 0.06392],
    (3, 4, True): [-1.88388, 2.05362, 0.18349, 0.06501],
    (3, 5, False): [-1.11221, 1.44327, 0.3547, 0.05263],
    (3, 5, True): [-1.75354, 1.37461, 0.3882, 0.07239],
    (4, 1, False): [0.16431, 1.56391, 0.22944, 0.02067],
    (4, 1, True): [-0.90799, 1.56908, 0.34763, 0.04814],
    (4, 2, False): [-0.41568, 1.90715, 0.24783, 0.04407],
    (4, 2, True): [-1.42373, 2.03902, 0.26907, 0.04755],
    (4, 3, False): [-0.41104, 1.5716, 0.3066, 0.03842],
    (4, 3, True): [-1.36194, 1.54043, 0.40145, 0.06846],
    (4, 4, False): [-1.05651, 2.10007, 0.20201, 0.06129],
    (4, 4, True): [-1.95474, 2.18305, 0.22527, 0.06441],
    (4, 5, False): [-1.02502, 1.62605, 0.38203, 0.05565],
    (4, 5, True): [-1.83458, 1.555, 0.42888, 0.07459],
    (5, 1, False): [0.15015, 1.71718, 0.2584, 0.02507],
    (5, 1, True): [-1.0707, 1.72829, 0.39037, 0.05468],
    (5, 2, False): [-0.38277, 2.02985, 0.27139, 0.04513],
    (5, 2, True): [-1.54974, 2.18631, 0.29592, 0.04967],
    (5, 3, False): [-0.38023, 1.72586, 0.33033, 0.04188],
    (5, 3, True): [-1.48415, 1.70271, 0.44016, 0.07248],
    (5, 4, False): [-0.97676, 2.20429, 0.23233, 0.06543],
    (5, 4, True): [-2.03144, 2.31343, 0.25394, 0.0675],
    (5, 5, False): [-0.95421, 1.78775, 0.40239, 0.05642],
    (5, 5, True): [-1.91679, 1.72031, 0.46434, 0.06641],
    (6, 1, False): [0.13913, 1.8581, 0.28528, 0.02931],
    (6, 1, True): [-1.21438, 1.87638, 0.42416, 0.05485],
    (6, 2, False): [-0.35664, 2.14606, 0.29484, 0.04728],
    (6, 2, True): [-1.66532, 2.32448, 0.31723, 0.05528],
    (6, 3, False): [-0.35498, 1.86634, 0.35087, 0.04455],
    (6, 3, True): [-1.59785, 1.85278, 0.47304, 0.07114],
    (6, 4, False): [-0.91274, 2.30752, 0.26053, 0.0644],
    (6, 4, True): [-2.10956, 2.43721, 0.2852, 0.06694],
    (6, 5, False): [-0.89553, 1.9318, 0.41381, 0.05292],
    (6, 5, True): [-1.99931, 1.87789, 0.49842, 0.04135],
    (7, 1, False): [0.12974, 1.98503, 0.30606, 0.03218],
    (7, 1, True): [-1.34555, 2.01647, 0.45456, 0.05018],
    (7, 2, False): [-0.33519, 2.25631, 0.31659, 0.05016],
    (7, 2, True): [-1.77496, 2.45806, 0.3372, 0.05741],
    (7, 3, False): [-0.33377, 1.99554, 0.36742, 0.04624],
    (7, 3, True): [-1.70381, 1.99863, 0.49883, 0.05092],
    (7, 4, False): [-0.8596, 2.40762, 0.28334, 0.06401],
    (7, 4, True): [-2.18704, 2.55828, 0.30627, 0.07091],
    (7, 5, False): [-0.84606, 2.06291, 0.42505, 0.05152],
    (7, 5, True): [-2.08097, 2.02139, 0.5348, 0.02343],
    (8, 1, False): [0.12244, 2.10698, 0.32849, 0.03596],
    (8, 1, True): [-1.46632, 2.1505, 0.48168, 0.04116],
    (8, 2, False): [-0.31707, 2.36107, 0.33198, 0.04953],
    (8, 2, True): [-1.87722, 2.58105, 0.35963, 0.05848],
    (8, 3, False): [-0.31629, 2.11679, 0.38514, 0.04868],
    (8, 3, True): [-1.80483, 2.13412, 0.52935, 0.03618],
    (8, 4, False): [-0.81509, 2.50518, 0.30456, 0.06388],
    (8, 4, True