# The layering rule, checked on every build (target check_layers) and by a test
# that plants a violation. Run as: cmake -DROOT=<source dir> -P CheckLayers.cmake
#   core/     includes nothing of ours outside core/, and no Embree;
#             only core/compare/ itself (and app/, tests) may include core/compare/;
#             core/textures/texture_io.h (files) only core/textures/ itself, scene/ and tests:
#             the renderer reads textures from the TextureSet, never from disk;
#   scene/    builds what core renders: no accel/ or app/;
#   accel/    alone includes Embree; no scene/ or app/.
# A violation fails with one line per offending include: FILE:LINE: what and why.
if(NOT ROOT)
  message(FATAL_ERROR "CheckLayers.cmake: pass -DROOT=<source dir>")
endif()

set(violations "")
function(check_dir dir forbidden_regex why)
  file(GLOB_RECURSE sources RELATIVE "${ROOT}" "${ROOT}/${dir}/*.h" "${ROOT}/${dir}/*.cpp")
  foreach(source IN LISTS sources)
    if(ARGN AND source MATCHES "${ARGN}")
      continue()
    endif()
    file(STRINGS "${ROOT}/${source}" lines)
    set(line_number 0)
    foreach(line IN LISTS lines)
      math(EXPR line_number "${line_number} + 1")
      if(line MATCHES "^[ \t]*#[ \t]*include[ \t]*[\"<](${forbidden_regex})")
        string(STRIP "${line}" line)
        list(APPEND violations "${source}:${line_number}: ${line}: ${why}")
      endif()
    endforeach()
  endforeach()
  set(violations "${violations}" PARENT_SCOPE)
endfunction()

check_dir(core "scene/|accel/|app/|embree" "core/ stands on nothing of ours and never on Embree")
check_dir(core "core/compare/" "only app/ and the tests use core/compare/" "^core/compare/")
check_dir(core "core/textures/texture_io" "only scene/ loads texture files; core renders from TextureSet"
          "^core/textures/")
check_dir(scene "accel/|app/|embree" "scene/ builds what core renders; it knows no accel/ or app/")
check_dir(accel "scene/|app/" "accel/ implements core's ray queries; it knows no scene/ or app/")
file(GLOB_RECURSE others RELATIVE "${ROOT}" "${ROOT}/app/*.cpp" "${ROOT}/app/*.h")
foreach(source IN LISTS others)
  file(STRINGS "${ROOT}/${source}" hits REGEX "^[ \t]*#[ \t]*include[ \t]*<embree")
  if(hits)
    list(APPEND violations "${source}: includes Embree: only accel/ may")
  endif()
endforeach()

if(violations)
  list(JOIN violations "\n" text)
  message(FATAL_ERROR "layering violated (see cmake/CheckLayers.cmake):\n${text}")
endif()
