#include "schemas.hpp"

namespace lastmile::output::detail {
namespace {

/// One column per element of a fixed-size array member (time in each vehicle state, say).
template <typename Record, typename T, std::size_t N>
Column<Record> element(std::string name, std::string unit, T (Record::*member)[N], std::size_t i) {
    const bool is_float = std::is_floating_point_v<T>;
    return Column<Record>{std::move(name), std::move(unit), is_float ? Kind::f64 : Kind::u32,
                          [member, i](const Record& r, unsigned char* out) {
                              if constexpr (std::is_floating_point_v<T>) {
                                  const double v = (r.*member)[i];
                                  std::memcpy(out, &v, sizeof v);
                              } else {
                                  const auto v = static_cast<std::uint32_t>((r.*member)[i]);
                                  std::memcpy(out, &v, sizeof v);
                              }
                          },
                          [member, i](Record& r, const unsigned char* in) {
                              if constexpr (std::is_floating_point_v<T>) {
                                  double v;
                                  std::memcpy(&v, in, sizeof v);
                                  (r.*member)[i] = v;
                              } else {
                                  std::uint32_t v;
                                  std::memcpy(&v, in, sizeof v);
                                  (r.*member)[i] = static_cast<T>(v);
                              }
                          }};
}

}  // namespace

const Schema<OrderRecord>& order_schema() {
    using R = OrderRecord;
    static const Schema<R> schema{
        u64("id", "1", &R::id),
        f64("created_s", "s", &R::created_s),
        f64("dispatched_s", "s", &R::dispatched_s),
        f64("delivered_s", "s", &R::delivered_s),
        label("mode", &R::mode, kModeNames),
        i32("depot", "1", &R::depot),
        i32("vehicle", "1", &R::vehicle),
        i32("zone", "1", &R::zone),
        f64("weight_kg", "kg", &R::weight_kg),
        f64("promise_s", "s", &R::promise_s),
        f64("wait_s", "s", &R::wait_s),
        i8("promise_met", "1", &R::promise_met),
        f64("distance_m", "m", &R::distance_m),
        f64("energy_wh", "Wh", &R::energy_wh),
        label("status", &R::status, kOrderStatusNames),
    };
    return schema;
}

const Schema<VehicleRecord>& vehicle_schema() {
    using R = VehicleRecord;
    static const Schema<R> schema = [] {
        Schema<R> s{
            u32("index", "1", &R::index),        i32("fleet", "1", &R::fleet),
            label("mode", &R::mode, kModeNames), i32("type", "1", &R::type),
            i32("depot", "1", &R::depot),
        };
        for (std::size_t i = 0; i < std::size(kVehicleStateNames); ++i) {
            s.push_back(element(std::string(kVehicleStateNames[i]) + "_s", "s", &R::state_s, i));
        }
        s.push_back(f64("distance_m", "m", &R::distance_m));
        s.push_back(f64("energy_wh", "Wh", &R::energy_wh));
        s.push_back(u64("missions", "1", &R::missions));
        s.push_back(u64("deliveries", "1", &R::deliveries));
        s.push_back(u64("failures", "1", &R::failures));
        s.push_back(f64("battery_cycles", "1", &R::battery_cycles));
        return s;
    }();
    return schema;
}

const Schema<BatteryRecord>& battery_schema() {
    using R = BatteryRecord;
    static const Schema<R> schema{
        u32("pack", "1", &R::pack),
        i32("depot", "1", &R::depot),
        i32("vehicle", "1", &R::vehicle),
        f64("discharged_wh", "Wh", &R::discharged_wh),
        f64("equivalent_cycles", "1", &R::equivalent_cycles),
        u64("charges", "1", &R::charges),
    };
    return schema;
}

const Schema<FlightRecord>& flight_schema() {
    using R = FlightRecord;
    static const Schema<R> schema{
        u64("flight", "1", &R::flight),
        u32("vehicle", "1", &R::vehicle),
        u64("order", "1", &R::order),
        i32("depot", "1", &R::depot),
        i8("leg", "1", &R::leg),
        f64("start_s", "s", &R::start_s),
        f64("end_s", "s", &R::end_s),
        f64("distance_m", "m", &R::distance_m),
        f64("energy_wh", "Wh", &R::energy_wh),
        f64("payload_kg", "kg", &R::payload_kg),
        f64("ground_delay_s", "s", &R::ground_delay_s),
        u32("reroutes", "1", &R::reroutes),
        text("contingency", &R::contingency),
    };
    return schema;
}

const Schema<FlightSegmentRecord>& flight_segment_schema() {
    using R = FlightSegmentRecord;
    static const Schema<R> schema{
        u64("flight", "1", &R::flight),   i8("leg", "1", &R::leg),
        u32("segment", "1", &R::segment), f64("entry_s", "s", &R::entry_s),
        f64("exit_s", "s", &R::exit_s),
    };
    return schema;
}

const Schema<FlightTrackPoint>& flight_track_schema() {
    using R = FlightTrackPoint;
    static const Schema<R> schema{
        u64("flight", "1", &R::flight),     i8("leg", "1", &R::leg),
        f64("time_s", "s", &R::time_s),     f64("lat_deg", "deg", &R::lat_deg),
        f64("lon_deg", "deg", &R::lon_deg), f64("altitude_m", "m", &R::altitude_m),
    };
    return schema;
}

const Schema<ParameterRecord>& parameter_schema() {
    using R = ParameterRecord;
    static const Schema<R> schema{
        text("key", &R::key, Kind::long_text),
        f64("value", "", &R::value),
        text("unit", &R::unit),
    };
    return schema;
}

const Schema<TraceKindRecord>& trace_kind_schema() {
    using R = TraceKindRecord;
    static const Schema<R> schema{
        text("name", &R::name),
        text("subject", &R::subject),
        text("object", &R::object),
    };
    return schema;
}

const Schema<TraceEventRecord>& trace_event_schema() {
    using R = TraceEventRecord;
    static const Schema<R> schema{
        f64("time_s", "s", &R::time_s),
        u32("kind", "1", &R::kind),
        u64("subject", "1", &R::subject),
        u64("object", "1", &R::object),
    };
    return schema;
}

const Schema<SafetyRecord>& safety_schema() {
    using R = SafetyRecord;
    static const Schema<R> schema{
        f64("time_s", "s", &R::time_s),
        f64("end_s", "s", &R::end_s),
        text("type", &R::type),
        text("severity", &R::severity),
        i64("flight", "1", &R::flight),
        i32("vehicle", "1", &R::vehicle),
        i64("other_flight", "1", &R::other_flight),
        i32("other_vehicle", "1", &R::other_vehicle),
        f64("lat_deg", "deg", &R::lat_deg),
        f64("lon_deg", "deg", &R::lon_deg),
        f64("altitude_m", "m", &R::altitude_m),
        f64("cpa_s", "s", &R::cpa_s),
        f64("horizontal_m", "m", &R::horizontal_m),
        f64("vertical_m", "m", &R::vertical_m),
        i32("leg", "1", &R::leg),
        i32("other_leg", "1", &R::other_leg),
    };
    return schema;
}

const Schema<SegmentRecord>& segment_schema() {
    using R = SegmentRecord;
    static const Schema<R> schema{
        u32("segment", "1", &R::segment), text("id", &R::id),
        u64("flights", "1", &R::flights), u32("peak_occupancy", "1", &R::peak_occupancy),
        f64("busy_s", "s", &R::busy_s),   f64("ground_delay_s", "s", &R::ground_delay_s),
    };
    return schema;
}

const Schema<TripRecord>& trip_schema() {
    using R = TripRecord;
    static const Schema<R> schema{
        u64("trip", "1", &R::trip),
        u32("vehicle", "1", &R::vehicle),
        u32("leg", "1", &R::leg),
        i64("order", "1", &R::order),
        i32("depot", "1", &R::depot),
        f64("start_s", "s", &R::start_s),
        f64("end_s", "s", &R::end_s),
        f64("distance_m", "m", &R::distance_m),
        i32("crossings", "1", &R::crossings),
        f64("energy_wh", "Wh", &R::energy_wh),
    };
    return schema;
}

const Schema<DepotQueueRecord>& depot_queue_schema() {
    using R = DepotQueueRecord;
    static const Schema<R> schema{
        i32("depot", "1", &R::depot),           text("resource", &R::resource),
        f64("capacity", "1", &R::capacity),     u64("served", "1", &R::served),
        u64("waited", "1", &R::waited),         f64("mean_wait_s", "s", &R::mean_wait_s),
        f64("max_wait_s", "s", &R::max_wait_s), f64("mean_queue", "1", &R::mean_queue),
        u64("max_queue", "1", &R::max_queue),   f64("utilisation", "1", &R::utilisation),
        u64("gave_up", "1", &R::gave_up),       f64("gave_up_wait_s", "s", &R::gave_up_wait_s),
    };
    return schema;
}

const Schema<FleetSample>& fleet_sample_schema() {
    using R = FleetSample;
    static const Schema<R> schema = [] {
        Schema<R> s{f64("time_s", "s", &R::time_s)};
        for (std::size_t i = 0; i < std::size(kVehicleStateNames); ++i) {
            s.push_back(element(std::string(kVehicleStateNames[i]), "1", &R::vehicles, i));
        }
        s.push_back(u32("drones_on_mission", "1", &R::drones_on_mission));
        s.push_back(u32("robots_on_mission", "1", &R::robots_on_mission));
        s.push_back(u32("backlog", "1", &R::backlog));
        return s;
    }();
    return schema;
}

const Schema<DepotSample>& depot_sample_schema() {
    using R = DepotSample;
    static const Schema<R> schema{
        f64("time_s", "s", &R::time_s),
        i32("depot", "1", &R::depot),
        u32("pads_in_use", "1", &R::pads_in_use),
        u32("pad_queue", "1", &R::pad_queue),
        u32("chargers_in_use", "1", &R::chargers_in_use),
        u32("charger_queue", "1", &R::charger_queue),
        u32("bays_in_use", "1", &R::bays_in_use),
        u32("bay_queue", "1", &R::bay_queue),
        u32("packs_in_stock", "1", &R::packs_in_stock),
        u32("backlog", "1", &R::backlog),
    };
    return schema;
}

const Schema<CostLineRecord>& cost_line_schema() {
    using R = CostLineRecord;
    static const Schema<R> schema{
        text("option", &R::option),
        text("vehicle_type", &R::vehicle_type),
        text("item", &R::item),
        f64("annual_usd", "USD/year", &R::annual_usd),
        f64("per_delivery_usd", "USD", &R::per_delivery_usd),
    };
    return schema;
}

const Schema<CostSummaryRecord>& cost_summary_schema() {
    using R = CostSummaryRecord;
    static const Schema<R> schema{
        text("option", &R::option),
        f64("annual_usd", "USD/year", &R::annual_usd),
        f64("present_value_usd", "USD", &R::present_value_usd),
        f64("cost_per_delivery_usd", "USD", &R::cost_per_delivery_usd),
        f64("deliveries_per_year", "1/year", &R::deliveries_per_year),
    };
    return schema;
}

const Schema<BreakEvenFeeRecord>& break_even_fee_schema() {
    using R = BreakEvenFeeRecord;
    static const Schema<R> schema{
        text("vehicle_type", &R::vehicle_type),
        f64("fee_usd_per_vehicle_month", "USD/month", &R::fee_usd_per_vehicle_month),
    };
    return schema;
}

const Schema<SensitivityRecord>& sensitivity_schema() {
    using R = SensitivityRecord;
    static const Schema<R> schema{
        text("parameter", &R::parameter, Kind::long_text),
        text("unit", &R::unit),
        f64("low", "see unit", &R::low),
        f64("high", "see unit", &R::high),
        f64("owned_at_low_usd", "USD", &R::owned_at_low_usd),
        f64("owned_at_high_usd", "USD", &R::owned_at_high_usd),
        f64("raas_at_low_usd", "USD", &R::raas_at_low_usd),
        f64("raas_at_high_usd", "USD", &R::raas_at_high_usd),
    };
    return schema;
}

const Schema<EconomicsParameterRecord>& economics_parameter_schema() {
    using R = EconomicsParameterRecord;
    static const Schema<R> schema{
        text("key", &R::key, Kind::long_text), text("unit", &R::unit),
        f64("value", "see unit", &R::value),   f64("low", "see unit", &R::low),
        f64("high", "see unit", &R::high),     text("source", &R::source, Kind::long_text),
    };
    return schema;
}

const Schema<VolumePointRecord>& volume_point_schema() {
    using R = VolumePointRecord;
    static const Schema<R> schema{
        f64("volume", "1", &R::volume),
        f64("fleet_utilisation", "1", &R::fleet_utilisation),
        f64("deliveries_per_year", "1/year", &R::deliveries_per_year),
        f64("owned_cost_per_delivery_usd", "USD", &R::owned_cost_per_delivery_usd),
        f64("raas_cost_per_delivery_usd", "USD", &R::raas_cost_per_delivery_usd),
    };
    return schema;
}

}  // namespace lastmile::output::detail
