/* Priors of pYIN: the beta distribution over thresholds (scipy.stats.beta
 * cdf) and the Boltzmann distribution over trough order
 * (scipy.stats.boltzmann pmf). */
#include "dsp/pyin_internal.h"

#include <float.h>
#include <math.h>

/* Continued fraction of the incomplete beta function (modified Lentz). */
static double beta_continued_fraction(double x, double a, double b)
{
    const double tiny = 1e-300;
    double qab = a + b, qap = a + 1.0, qam = a - 1.0;
    double c = 1.0, d = 1.0 - qab * x / qap;
    if (fabs(d) < tiny)
        d = tiny;
    d = 1.0 / d;
    double h = d;
    for (int m = 1; m <= 1000; m++) {
        double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < tiny)
            d = tiny;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1.0 / d;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < tiny)
            d = tiny;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1.0 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1.0) < 1e-16)
            break;
    }
    return h;
}

double ser__beta_cdf(double x, double a, double b)
{
    if (!(x > 0.0))
        return 0.0;
    if (x >= 1.0)
        return 1.0;
    int sign;
    double lbeta = lgamma_r(a, &sign) + lgamma_r(b, &sign) - lgamma_r(a + b, &sign);
    double front = exp(a * log(x) + b * log1p(-x) - lbeta);
    if (x < (a + 1.0) / (a + b + 2.0))
        return front * beta_continued_fraction(x, a, b) / a;
    return 1.0 - front * beta_continued_fraction(1.0 - x, b, a) / b;
}

double ser__boltzmann_pmf(double k, double lambda, double n)
{
    double fact = (1.0 - exp(-lambda)) / (1.0 - exp(-lambda * n));
    return fact * exp(-lambda * k);
}
