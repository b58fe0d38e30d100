#include "io/csv/transaction_row.hpp"

namespace basketgap::io {

const char* reject_reason_name(RejectReason reason) {
  switch (reason) {
    case RejectReason::malformed_line:
      return "malformed_line";
    case RejectReason::column_count:
      return "column_count";
    case RejectReason::empty_field:
      return "empty_field";
    case RejectReason::not_a_number:
      return "not_a_number";
    case RejectReason::out_of_range:
      return "out_of_range";
    case RejectReason::bad_day:
      return "bad_day";
    case RejectReason::return_line:
      return "return_line";
    case RejectReason::duplicate_line:
      return "duplicate_line";
  }
  return "unknown";
}

}  // namespace basketgap::io
