// How much a household leans towards a commodity given its traits: a baby household buys
// diapers, a household without pets never buys cat litter, kids push up snacks and cereal.
#pragma once

#include "engine/synth/household.hpp"
#include "engine/synth/taxonomy.hpp"

namespace basketgap::engine::synth {

// Multiplier of the commodity's line share for this household (0 = never buys it).
inline double segment_affinity(Segment segment, const Household& h) {
  switch (segment) {
    case Segment::all:
      return 1.0;
    case Segment::kids:
      return h.kids ? 1.8 : 0.6;
    case Segment::baby:
      return h.baby ? 4.0 : 0.01;  // non-baby households: a rare gift
    case Segment::cat:
      return h.cat ? 2.0 : 0.0;
    case Segment::dog:
      return h.dog ? 2.0 : (h.cat ? 0.5 : 0.0);
    case Segment::tobacco:
      return h.smoker ? 4.0 : 0.0;
    case Segment::alcohol:
      return h.drinker ? 1.8 : 0.03;
  }
  return 1.0;
}

}  // namespace basketgap::engine::synth
