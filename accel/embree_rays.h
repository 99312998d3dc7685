#pragma once
// Our rays in Embree's ray layouts: one place for the fields every query sets
// (time 0, every mask bit, no flags, no hit yet), so the renderer's queries
// and the Embree-limit benchmark hand Embree exactly the same rays.

#include "core/math/ray.h"

#include <embree3/rtcore.h>

namespace tessera {

inline void to_rtc(const Ray& r, RTCRay& out) {
  out.org_x = r.origin.x, out.org_y = r.origin.y, out.org_z = r.origin.z;
  out.dir_x = r.direction.x, out.dir_y = r.direction.y, out.dir_z = r.direction.z;
  out.tnear = r.t_min, out.tfar = r.t_max, out.time = 0.0f;
  out.mask = ~0u, out.id = 0, out.flags = 0;
}

inline void to_rtc(const Ray& r, RTCRayHit& out) {
  to_rtc(r, out.ray);
  out.hit.geomID = RTC_INVALID_GEOMETRY_ID;
  out.hit.instID[0] = RTC_INVALID_GEOMETRY_ID;
}

// Lane k of an RTCRay4/8/16 (or the .ray of an RTCRayHitN).
template <class Packet>
void to_rtc_lane(const Ray& r, Packet& p, int k) {
  p.org_x[k] = r.origin.x, p.org_y[k] = r.origin.y, p.org_z[k] = r.origin.z;
  p.dir_x[k] = r.direction.x, p.dir_y[k] = r.direction.y, p.dir_z[k] = r.direction.z;
  p.tnear[k] = r.t_min, p.tfar[k] = r.t_max, p.time[k] = 0.0f;
  p.mask[k] = ~0u, p.id[k] = unsigned(k), p.flags[k] = 0;
}

}  // namespace tessera
