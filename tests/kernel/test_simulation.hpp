#pragma once
// The kernel suite runs once per pending-event queue: test_kernel on the radix queue,
// test_kernel_heap on the 4-ary heap (tests/CMakeLists.txt sets LASTMILE_TEST_QUEUE). Every
// test builds its simulations as TestSimulation.

#include <lastmile/kernel/simulation.hpp>

namespace lastmile::kernel {

#ifndef LASTMILE_TEST_QUEUE
#define LASTMILE_TEST_QUEUE radix
#endif

inline constexpr QueueKind kTestQueue = QueueKind::LASTMILE_TEST_QUEUE;

class TestSimulation : public Simulation {
  public:
    explicit TestSimulation(RandomStreams streams = RandomStreams(0, 0))
        : Simulation(streams, kTestQueue) {}
};

}  // namespace lastmile::kernel
