// The layout of the HDF5 store written by `ingest` (docs/FORMATS.md is the public description).
// Bump kStoreSchemaVersion on any incompatible change; readers refuse other versions.
#pragma once

#include <cstdint>

namespace basketgap::io::store {

inline constexpr const char* kFormatName = "basketgap-store";
inline constexpr std::int64_t kStoreSchemaVersion = 1;
// A segmented store (after `append`): STORE.h5 holds the dictionaries, the batch records and
// the root attributes; the rows live in segment files under STORE.h5.segments/, each laid out
// like a version-1 store (docs/FORMATS.md "Segments").
inline constexpr std::int64_t kSegmentedSchemaVersion = 2;

// Transactions, one row per purchase line, sorted by household, day, basket, product.
inline constexpr const char* kHousehold = "/transactions/household";  // int32 dense index
inline constexpr const char* kDay = "/transactions/day";              // int32
inline constexpr const char* kBasket = "/transactions/basket";        // int64 external id
inline constexpr const char* kProduct = "/transactions/product";      // int32 dense index
inline constexpr const char* kQuantity = "/transactions/quantity";    // float32
inline constexpr const char* kSpend = "/transactions/spend";          // float32
// The version (batch) that added each row; absent in stores written before batches (= 1).
inline constexpr const char* kBatch = "/transactions/batch";  // int32
// 1 where the row opens a basket: its household's first row, or a basket id or day other than
// the row before's (io::opens_basket, io/store/tables.hpp). Derived from household, day and
// basket; lets score read one byte a row instead of the 8-byte basket ids (a third of its load).
// Absent in stores written before it: readers then compare the basket ids and days.
inline constexpr const char* kBasketStart = "/transactions/basket_start";  // uint8 0/1

// Households with at least one purchase, by ascending external id (= dense index order).
inline constexpr const char* kHouseholdId = "/households/id";                   // int64
inline constexpr const char* kHouseholdOffset = "/households/offset";           // int64 [H+1] CSR
inline constexpr const char* kHouseholdBaskets = "/households/baskets";         // int32
inline constexpr const char* kHouseholdConsent = "/households/consent";         // int8 -1/0/1
inline constexpr const char* kHouseholdBirthMonth = "/households/birth_month";  // int8 0..12
inline constexpr const char* kHouseholdType = "/households/type";               // int32 code, -1
inline constexpr const char* kHouseholdTypeNames = "/households/type_names";    // strings

// Products with at least one purchase, by ascending external id (= dense index order).
inline constexpr const char* kProductId = "/products/id";                       // int64
inline constexpr const char* kProductDepartment = "/products/department";       // int32 code, -1
inline constexpr const char* kProductCommodity = "/products/commodity";         // int32 code, -1
inline constexpr const char* kProductSubCommodity = "/products/sub_commodity";  // int32, -1
inline constexpr const char* kProductBrand = "/products/brand";                 // int32 code, -1
inline constexpr const char* kDepartmentNames = "/products/department_names";
inline constexpr const char* kCommodityNames = "/products/commodity_names";
inline constexpr const char* kSubCommodityNames = "/products/sub_commodity_names";
inline constexpr const char* kBrandNames = "/products/brand_names";

// The products and households files' entries for ids with no rows in the store (io::CatalogTables),
// same types as above; a group is absent when it would be empty (and in stores written before it).
inline constexpr const char* kCatalogProductId = "/catalog/products/id";
inline constexpr const char* kCatalogProductDepartment = "/catalog/products/department";
inline constexpr const char* kCatalogProductCommodity = "/catalog/products/commodity";
inline constexpr const char* kCatalogProductSubCommodity = "/catalog/products/sub_commodity";
inline constexpr const char* kCatalogProductBrand = "/catalog/products/brand";
inline constexpr const char* kCatalogDepartmentNames = "/catalog/products/department_names";
inline constexpr const char* kCatalogCommodityNames = "/catalog/products/commodity_names";
inline constexpr const char* kCatalogSubCommodityNames = "/catalog/products/sub_commodity_names";
inline constexpr const char* kCatalogBrandNames = "/catalog/products/brand_names";
inline constexpr const char* kCatalogHouseholdId = "/catalog/households/id";
inline constexpr const char* kCatalogHouseholdConsent = "/catalog/households/consent";
inline constexpr const char* kCatalogHouseholdBirthMonth = "/catalog/households/birth_month";
inline constexpr const char* kCatalogHouseholdType = "/catalog/households/type";
inline constexpr const char* kCatalogHouseholdTypeNames = "/catalog/households/type_names";

// Where a product or household table's datasets live: the store's own or the catalog's.
struct ProductDatasets {
  const char *id, *department, *department_names, *commodity, *commodity_names, *sub_commodity,
      *sub_commodity_names, *brand, *brand_names;
};
inline constexpr ProductDatasets kProducts{kProductId,         kProductDepartment, kDepartmentNames,
                                           kProductCommodity,  kCommodityNames,    kProductSubCommodity,
                                           kSubCommodityNames, kProductBrand,      kBrandNames};
inline constexpr ProductDatasets kCatalogProducts{
    kCatalogProductId,         kCatalogProductDepartment, kCatalogDepartmentNames,
    kCatalogProductCommodity,  kCatalogCommodityNames,    kCatalogProductSubCommodity,
    kCatalogSubCommodityNames, kCatalogProductBrand,      kCatalogBrandNames};
// The columns a household has without rows (no offset, no baskets).
struct HouseholdDatasets {
  const char *id, *consent, *birth_month, *type, *type_names;
};
inline constexpr HouseholdDatasets kHouseholds{kHouseholdId, kHouseholdConsent, kHouseholdBirthMonth,
                                               kHouseholdType, kHouseholdTypeNames};
inline constexpr HouseholdDatasets kCatalogHouseholds{kCatalogHouseholdId, kCatalogHouseholdConsent,
                                                      kCatalogHouseholdBirthMonth, kCatalogHouseholdType,
                                                      kCatalogHouseholdTypeNames};

// One entry per batch (ingest = version 1, each append +1), in version order; absent in
// stores written before batches (read as one batch from the root attributes).
inline constexpr const char* kBatchVersion = "/batches/version";          // int64
inline constexpr const char* kBatchSource = "/batches/source";            // strings
inline constexpr const char* kBatchSourceXxh3 = "/batches/source_xxh3";   // strings
inline constexpr const char* kBatchRows = "/batches/rows";                // int64
inline constexpr const char* kBatchRejected = "/batches/rejected_lines";  // int64
inline constexpr const char* kBatchFirstDay = "/batches/first_day";       // int64
inline constexpr const char* kBatchLastDay = "/batches/last_day";         // int64
inline constexpr const char* kBatchTime = "/batches/utc_time";            // strings
inline constexpr const char* kBatchFingerprint = "/batches/fingerprint";  // strings
// Segmented stores: the segment file holding the batch's rows (relative to STORE.h5.segments/;
// "" = this file's own /transactions), that file's own `fingerprint` attribute (checked on
// open), and the version whose `retract` withdrew the batch (0 = live). Absent = "", "", 0.
inline constexpr const char* kBatchSegment = "/batches/segment";                         // strings
inline constexpr const char* kBatchSegmentFingerprint = "/batches/segment_fingerprint";  // strings
inline constexpr const char* kBatchRetractedIn = "/batches/retracted_in";                // int64

}  // namespace basketgap::io::store
