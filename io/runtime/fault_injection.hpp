#pragma once
/// @file fault_injection.hpp
/// @brief Named points where the fault-injection tests (tests/faults/) make a run receive a
/// signal, so that every phase can be interrupted deterministically.
///
/// LEONTIEF_FAULT=POINT:SIGNAL[:RANK] raises SIGNAL (TERM, INT, HUP or KILL) in the process
/// of MPI_COMM_WORLD rank RANK (default 0) when it reaches POINT: a phase name (solver/
/// phase.hpp: "read", "factor", "write", ...) or "commit" (an output complete under its
/// temporary name, about to be renamed into place). Unset, a point costs one getenv().

#include <string>

namespace leontief::io {

/// Raises the configured signal if LEONTIEF_FAULT names `point` (and this rank).
void fault_point(const std::string& point);

}  // namespace leontief::io
