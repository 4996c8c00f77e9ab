#include <cmath>
#include <limits>

#include <boost/math/distributions/students_t.hpp>

#include <lastmile/sweep/statistics.hpp>

namespace lastmile::sweep {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double t_975(double dof) {
    return boost::math::quantile(boost::math::students_t(dof), 0.975);
}

double mean(const std::vector<double>& v) {
    double sum = 0;
    for (const double x : v) {
        sum += x;
    }
    return v.empty() ? kNaN : sum / static_cast<double>(v.size());
}

double variance(const std::vector<double>& v, double m) {
    double sum = 0;
    for (const double x : v) {
        sum += (x - m) * (x - m);
    }
    return sum / static_cast<double>(v.size() - 1);
}

}  // namespace

Interval mean_interval(const std::vector<double>& values) {
    Interval i{mean(values), kNaN, kNaN};
    if (values.size() >= 2 && std::isfinite(i.mean)) {
        const auto n = static_cast<double>(values.size());
        const double half = t_975(n - 1) * std::sqrt(variance(values, i.mean) / n);
        i.low = i.mean - half;
        i.high = i.mean + half;
    }
    return i;
}

Interval paired_difference(const std::vector<double>& a, const std::vector<double>& b) {
    std::vector<double> d;
    for (std::size_t k = 0; k < a.size() && k < b.size(); ++k) {
        d.push_back(a[k] - b[k]);
    }
    return mean_interval(d);
}

Interval unpaired_difference(const std::vector<double>& a, const std::vector<double>& b) {
    Interval i{mean(a) - mean(b), kNaN, kNaN};
    if (a.size() >= 2 && b.size() >= 2) {
        const auto na = static_cast<double>(a.size());
        const auto nb = static_cast<double>(b.size());
        const double va = variance(a, mean(a)) / na;
        const double vb = variance(b, mean(b)) / nb;
        const double se2 = va + vb;
        if (se2 == 0) {
            i.low = i.high = i.mean;
            return i;
        }
        // Welch-Satterthwaite degrees of freedom.
        const double dof = se2 * se2 / (va * va / (na - 1) + vb * vb / (nb - 1));
        if (!std::isfinite(dof) || dof <= 0) {
            return i;  // a value is NaN (a metric a run could not measure)
        }
        const double half = t_975(dof) * std::sqrt(se2);
        i.low = i.mean - half;
        i.high = i.mean + half;
    }
    return i;
}

}  // namespace lastmile::sweep
