#include <catch2/catch.hpp>

#include <lastmile/geo/local_frame.hpp>

using namespace lastmile::geo;

TEST_CASE("the origin maps to zero and axes point east and north", "[geo]") {
    const LocalFrame frame({53.3915, -6.3780, 0});
    const Enu origin = frame.to_enu({53.3915, -6.3780, 0});
    CHECK(origin.norm() == Approx(0).margin(1e-9));
    const Enu north = frame.to_enu({53.4015, -6.3780, 0});
    CHECK(north.y() > 1000);
    CHECK(std::abs(north.x()) < 1e-6);
    const Enu east = frame.to_enu({53.3915, -6.3680, 0});
    CHECK(east.x() > 600);
    CHECK(std::abs(east.y()) < 1);
}

TEST_CASE("local distances match geodesic distances at city scale", "[geo]") {
    const GeoPoint origin{48.137, 11.575, 0};
    const LocalFrame frame(origin);
    for (const GeoPoint p :
         {GeoPoint{48.17, 11.60, 0}, GeoPoint{48.10, 11.50, 0}, GeoPoint{48.137, 11.70, 0}}) {
        const double geodesic = geodesic_distance_m(origin, p);
        const double local = horizontal_distance_m(frame.to_enu(origin), frame.to_enu(p));
        INFO("geodesic " << geodesic << " m, local " << local << " m");
        // ENU is a tangent plane: the error grows with distance squared, ~1 m at 10 km.
        CHECK(local == Approx(geodesic).margin(2.0));
    }
}

TEST_CASE("to_geo inverts to_enu", "[geo]") {
    const LocalFrame frame({-33.87, 151.21, 0});
    const GeoPoint p{-33.90, 151.25, 30};
    const GeoPoint back = frame.to_geo(frame.to_enu(p));
    CHECK(back.lat_deg == Approx(p.lat_deg).margin(1e-9));
    CHECK(back.lon_deg == Approx(p.lon_deg).margin(1e-9));
    CHECK(back.height_m == Approx(p.height_m).margin(1e-6));
}
