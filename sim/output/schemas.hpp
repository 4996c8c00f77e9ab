#pragma once
// The column layout of every table in a results file (see docs/results-format.md).

#include <lastmile/output/records.hpp>

#include "table.hpp"

namespace lastmile::output::detail {

const Schema<OrderRecord>& order_schema();
const Schema<VehicleRecord>& vehicle_schema();
const Schema<BatteryRecord>& battery_schema();
const Schema<FlightRecord>& flight_schema();
const Schema<FlightSegmentRecord>& flight_segment_schema();
const Schema<FlightTrackPoint>& flight_track_schema();
const Schema<SafetyRecord>& safety_schema();
const Schema<SegmentRecord>& segment_schema();
const Schema<TripRecord>& trip_schema();
const Schema<DepotQueueRecord>& depot_queue_schema();
const Schema<FleetSample>& fleet_sample_schema();
const Schema<DepotSample>& depot_sample_schema();
const Schema<CostLineRecord>& cost_line_schema();
const Schema<CostSummaryRecord>& cost_summary_schema();
const Schema<BreakEvenFeeRecord>& break_even_fee_schema();
const Schema<SensitivityRecord>& sensitivity_schema();
const Schema<EconomicsParameterRecord>& economics_parameter_schema();
const Schema<VolumePointRecord>& volume_point_schema();
const Schema<TraceKindRecord>& trace_kind_schema();
const Schema<ParameterRecord>& parameter_schema();
const Schema<TraceEventRecord>& trace_event_schema();

}  // namespace lastmile::output::detail
