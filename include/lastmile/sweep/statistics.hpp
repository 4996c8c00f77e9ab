#pragma once
/// Means and 95% confidence intervals across replications (Student's t).

#include <vector>

namespace lastmile::sweep {

struct Interval {
    double mean = 0;
    double low = 0;   ///< NaN with fewer than two values
    double high = 0;  ///< NaN with fewer than two values
};

/// Mean and t interval of independent values.
Interval mean_interval(const std::vector<double>& values);

/// Paired difference a[i] - b[i] (same replication, common random numbers): its mean and the
/// t interval of the differences.
Interval paired_difference(const std::vector<double>& a, const std::vector<double>& b);

/// The same difference of means treated as unpaired (Welch's interval), for comparison.
Interval unpaired_difference(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace lastmile::sweep
