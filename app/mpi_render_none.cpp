// Built when CMake found no MPI: say so clearly instead of rendering R copies.

#include "app/mpi_render.h"
#include "core/base/error.h"

namespace tessera {

bool mpi_supported() { return false; }

int run_mpi_render(const RenderCommand&) {
  throw Error("this build of tessera has no MPI support (CMake found no MPI); install libopenmpi-dev and rebuild, "
              "or run without mpirun");
}

}  // namespace tessera
