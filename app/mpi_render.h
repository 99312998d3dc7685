#pragma once
// Rendering across MPI ranks (`mpirun -np R tessera render ...`). Rank 0 is the
// boss: it hands out buckets in small batches, renders batches itself when it
// has nothing else to do, merges the bucket records the other ranks send back,
// and writes the image. The pixels are those of a single-process render.

#include "app/render_command.h"

namespace tessera {

// Whether this process was started by an MPI launcher with more than one rank
// (Open MPI, MPICH/Hydra, PMIx and Slurm set these variables).
bool launched_by_mpi();
// Whether this build can render over MPI.
bool mpi_supported();

// Run `command` as one rank of an MPI job. Returns the exit code.
int run_mpi_render(const RenderCommand& command);

}  // namespace tessera
