#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "io/csv/catalog_files.hpp"
#include "io/csv/offers_file.hpp"
#include "io/errors.hpp"

using namespace basketgap::io;
using basketgap::InputError;

namespace {

class TempCsv {
 public:
  explicit TempCsv(const std::string& content) {
    char name[] = "/tmp/basketgap_catalog_XXXXXX";
    const int fd = ::mkstemp(name);
    EXPECT_GE(fd, 0);
    ::close(fd);
    path_ = name;
    std::ofstream(path_, std::ios::binary) << content;
  }
  ~TempCsv() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The InputError message of reading `content` with `read`, with the temp path replaced by F.
template <typename Read>
std::string error_of(const std::string& content, Read read) {
  TempCsv file(content);
  try {
    read(file.path());
  } catch (const InputError& e) {
    std::string message = e.what();
    if (message.rfind(file.path(), 0) == 0) message.replace(0, file.path().size(), "F");
    return message;
  }
  return "no error";
}

// read_households_csv with no column listed in [ingest] households.ignore_columns.
std::vector<HouseholdInfo> read_households(const std::string& path) { return read_households_csv(path); }

const std::string kProductHeader =
    "PRODUCT_ID,MANUFACTURER,DEPARTMENT,BRAND,COMMODITY_DESC,SUB_COMMODITY_DESC,"
    "CURR_SIZE_OF_PRODUCT\n";

std::string shared_file(const std::string& name) {
  return std::string(BASKETGAP_SHARED_DATA_DIR) + "/dunnhumby/" + name;
}

}  // namespace

TEST(Catalog, ProductsSortedAndTrimmed) {
  TempCsv file(kProductHeader +
               "26081,2,MISC. TRANS.,National,NO COMMODITY DESCRIPTION,NO SUBCOMMODITY,  \r\n"
               "25671,2,GROCERY,National,FRZN ICE,\"ICE - CRUSHED, CUBED\",22 LB\n"
               "\n"
               "26093,69, PASTRY ,Private,BREAD,\"SAY \"\"CHEESE\"\"\",");
  const auto products = read_products_csv(file.path());
  ASSERT_EQ(products.size(), 3u);
  EXPECT_EQ(products[0].id, 25671);
  EXPECT_EQ(products[0].sub_commodity, "ICE - CRUSHED, CUBED");
  EXPECT_EQ(products[0].size, "22 LB");
  EXPECT_EQ(products[1].id, 26081);
  EXPECT_EQ(products[1].department, "MISC. TRANS.");
  EXPECT_EQ(products[1].size, "");
  EXPECT_EQ(products[2].id, 26093);
  EXPECT_EQ(products[2].manufacturer, "69");
  EXPECT_EQ(products[2].department, "PASTRY");
  EXPECT_EQ(products[2].brand, "Private");
  EXPECT_EQ(products[2].commodity, "BREAD");
  EXPECT_EQ(products[2].sub_commodity, "SAY \"CHEESE\"");
}

TEST(Catalog, ProductsOnlyIdRequired) {
  TempCsv file("DEPARTMENT,PRODUCT_ID\nDELI,5\nMEAT,3\n");
  const auto products = read_products_csv(file.path());
  ASSERT_EQ(products.size(), 2u);
  EXPECT_EQ(products[0].id, 3);
  EXPECT_EQ(products[0].department, "MEAT");
  EXPECT_EQ(products[0].brand, "");
}

TEST(Catalog, AProductsFileOfIdsAloneDescribesNothing) {
  // DEPT for DEPARTMENT: read as absent, every department would be empty without a word.
  EXPECT_EQ(error_of("PRODUCT_ID,DEPT\n5,DELI\n", read_products_csv),
            "F:1: none of the columns a products file describes products with (MANUFACTURER, DEPARTMENT, "
            "BRAND, COMMODITY_DESC, SUB_COMMODITY_DESC, CURR_SIZE_OF_PRODUCT) is in its header "
            "(PRODUCT_ID, DEPT): it would describe nothing");
  EXPECT_NE(error_of("PRODUCT_ID\n5\n", read_products_csv), "no error");
  EXPECT_EQ(error_of("PRODUCT_ID,brand\n5,X\n", read_products_csv), "no error");  // case-insensitive
}

TEST(Catalog, ProductColumnsNotReadAreListed) {
  TempCsv file("PRODUCT_ID,DEPT,COMMODITY_DESC,shelf\n5,DELI,CHEESE,3\n");
  const ProductColumns columns = products_csv_columns(file.path());
  EXPECT_FALSE(columns.department);
  EXPECT_TRUE(columns.commodity);
  EXPECT_EQ(columns.unread, (std::vector<std::string>{"DEPT", "shelf"}));
  TempCsv full(kProductHeader + "1,2,A,B,C,D,E\n");
  EXPECT_TRUE(products_csv_columns(full.path()).unread.empty());
}

TEST(Catalog, ProductErrorsPointAtLineAndColumn) {
  EXPECT_EQ(error_of("DEPARTMENT,BRAND\nDELI,X\n", read_products_csv),
            "F:1: missing column 'PRODUCT_ID' (header has: DEPARTMENT, BRAND)");
  EXPECT_EQ(error_of(kProductHeader + "1,2,A,B,C,D,E\nx7,2,A,B,C,D,E\n", read_products_csv),
            "F:3:1: PRODUCT_ID 'x7' is not a non-negative integer");
  EXPECT_EQ(error_of(kProductHeader + "-1,2,A,B,C,D,E\n", read_products_csv),
            "F:2:1: PRODUCT_ID '-1' is not a non-negative integer");
  EXPECT_EQ(error_of(kProductHeader + ",2,A,B,C,D,E\n", read_products_csv), "F:2:1: empty PRODUCT_ID");
  EXPECT_EQ(error_of(kProductHeader + "1,2,A,B,C,D\n", read_products_csv), "F:2: 6 fields, the header has 7");
  EXPECT_EQ(error_of(kProductHeader + "1,2,\"A,B,C,D,E\n", read_products_csv),
            "F:2:3: unterminated quoted field");
  EXPECT_EQ(error_of(kProductHeader + "9,2,A,B,C,D,E\n1,2,A,B,C,D,E\n9,2,A,B,C,D,E\n", read_products_csv),
            "F:4:1: duplicate PRODUCT_ID 9 (first on line 2)");
  EXPECT_EQ(error_of("", read_products_csv), "F: empty file, expected a header line");
}

TEST(Catalog, MissingFileIsNoInput) {
  try {
    read_products_csv("/nonexistent/product.csv");
    FAIL() << "expected Error";
  } catch (const basketgap::Error& e) {
    EXPECT_EQ(e.code(), basketgap::exit_no_input);
  }
}

TEST(Catalog, HouseholdsWithConsentAndBirthMonth) {
  TempCsv file(
      "Household_Key,CONSENT,birth_month,hh_comp_desc,household_size_desc\n"
      "7,yes,3,2 Adults No Kids,2\n"
      "1,0,,Single Female,1\n"
      "9,,0, Unknown ,5+\n"
      "4,TRUE,12,,\n"
      "5,n,1,,\n");
  const auto households = read_households_csv(file.path());
  ASSERT_EQ(households.size(), 5u);
  EXPECT_EQ(households[0].id, 1);
  EXPECT_EQ(households[0].consent, 0);
  EXPECT_EQ(households[0].birth_month, 0);
  EXPECT_EQ(households[0].household_type, "Single Female");
  EXPECT_EQ(households[1].id, 4);
  EXPECT_EQ(households[1].consent, 1);
  EXPECT_EQ(households[1].birth_month, 12);
  EXPECT_EQ(households[2].id, 5);
  EXPECT_EQ(households[2].consent, 0);
  EXPECT_EQ(households[3].id, 7);
  EXPECT_EQ(households[3].consent, 1);
  EXPECT_EQ(households[3].birth_month, 3);
  EXPECT_EQ(households[3].size_desc, "2");
  EXPECT_EQ(households[4].id, 9);
  EXPECT_EQ(households[4].consent, -1);
  EXPECT_EQ(households[4].household_type, "Unknown");
  EXPECT_EQ(households[4].size_desc, "5+");
}

TEST(Catalog, HouseholdErrors) {
  EXPECT_EQ(error_of("household_key,consent\n1,maybe\n", read_households),
            "F:2:2: consent 'maybe' is not one of 1/0, true/false, yes/no, y/n");
  EXPECT_EQ(error_of("household_key,birth_month\n1,13\n", read_households),
            "F:2:2: birth_month '13' is not 1..12 (or 0/empty)");
  EXPECT_EQ(error_of("household_key,birth_month\n1,5\n1,6\n", read_households),
            "F:3:1: duplicate household_key 1 (first on line 2)");
  EXPECT_EQ(error_of("hh_key,consent\n1,1\n", read_households),
            "F:1: missing column 'household_key' (header has: hh_key, consent)");
}

// A misspelled optional column would read as absent: every consent unknown, nobody mailed.
TEST(Catalog, MisspelledOptionalColumnIsAnError) {
  EXPECT_EQ(error_of("household_key,consnet\n1,1\n", read_households),
            "F:1: header column 'consnet' looks like a misspelling of 'consent' (header has: household_key, "
            "consnet); fix the header: read as absent, 'consent' would silently take its default");
  EXPECT_NE(error_of("household_key,Birth_Mnth\n1,3\n", read_households).find("misspelling of 'birth_month'"),
            std::string::npos);
  EXPECT_NE(
      error_of(kProductHeader.substr(0, kProductHeader.find(",SUB")) + ",SUB_COMODITY_DESC\n1,a,b,c,d,e\n",
               read_products_csv)
          .find("misspelling of 'SUB_COMMODITY_DESC'"),
      std::string::npos);
  EXPECT_EQ(error_of("household_key,age_desc\n1,45-54\n", read_households), "no error");  // unrelated
  // Consent under another name (opt-outs, marketing permission): refused, naming the column.
  for (const char* column : {"opt_out", "Marketing_Consent", "email_opt_in", "mail_permission"})
    EXPECT_NE(error_of(std::string("household_key,") + column + "\n1,1\n", read_households)
                  .find(std::string("column '") + column + "' is not read as consent"),
              std::string::npos)
        << column;
  // Beside 'consent', any column that speaks of consent or a suppression is refused too (fail
  // closed: a date or a reason of an unsubscription says the household unsubscribed) ...
  for (const char* column : {"do_not_contact",
                             "Unsubscribed",
                             "CONSENT",
                             "robinson_list",
                             "opted_out",
                             "consent_date",
                             "unsubscribed_at",
                             "do_not_mail_reason",
                             "unsubscribe_all_channels",
                             "suppression_reason",
                             "opt_out_flag",
                             "OptOut_Ind",
                             "dnc_flag",
                             "do_not_solicit",
                             "contactable",
                             "marketing_opt_in_status",
                             "mps_registered",
                             "allow_marketing",
                             "can_contact",
                             "email_ok",
                             "Marketing_OK",
                             "deceased_flag",
                             "GoneAway",
                             "ok_to_mail",
                             "newsletter_subscribed",
                             "contact_allowed",
                             "AllowMarketing",
                             "CanEmail",
                             "newsletter",
                             "sms_optin",
                             "accepts_marketing",
                             "no_marketing",
                             "email_marketing",
                             "subscription_status",
                             "newsletter_subscription",
                             "ok_to_sms",
                             "contact_id"})
    EXPECT_NE(error_of(std::string("household_key,consent,") + column + "\n1,1,1\n", read_households)
                  .find(std::string("column '") + column + "' looks like consent or a mailing suppression"),
              std::string::npos)
        << column;
  // ... unless listed as holding no opt-out ([ingest] households.ignore_columns, any case).
  TempCsv crm("household_key,consent,Consent_ID,unsubscribe_url\n1,1,c-77,https://x/u/1\n");
  const std::vector<HouseholdInfo> read = read_households_csv(crm.path(), {"consent_id", "UNSUBSCRIBE_URL"});
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].consent, 1);
  EXPECT_TRUE(households_csv_columns(crm.path(), {"consent_id", "UNSUBSCRIBE_URL"}).unread.empty());
  // The consent column itself listed: a contradiction refused, never a file read without consent.
  try {
    read_households_csv(crm.path(), {"CONSENT"});
    ADD_FAILURE() << "consent listed in households.ignore_columns was accepted";
  } catch (const basketgap::UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("households.ignore_columns lists 'consent'"), std::string::npos)
        << e.what();
  }
  // Ordinary columns that hold such a part by chance are read, not refused (contact_id is refused:
  // fail closed; listed in households.ignore_columns it is read).
  for (const char* column :
       {"allowance", "snap_allowance", "wok_total", "oktoberfest_buyer", "preferred_store", "loyalty_tier",
        "email", "postcode", "age_desc", "income_desc"})
    EXPECT_EQ(error_of(std::string("household_key,consent,") + column + "\n1,1,x\n", read_households),
              "no error")
        << column;
  // The dunnhumby demographics read as they are (consent unknown), their columns only warned about.
  EXPECT_EQ(error_of("household_key,AGE_DESC,MARITAL_STATUS_CODE,INCOME_DESC,HOMEOWNER_DESC,HH_COMP_DESC,"
                     "HOUSEHOLD_SIZE_DESC,KID_CATEGORY_DESC\n1,45-54,A,50-74K,Homeowner,2 Adults Kids,3,1\n",
                     read_households),
            "no error");
  EXPECT_NE(error_of("product_id,valid_frm_day,valid_to_day\n1,1,9\n", read_offers)
                .find("misspelling of 'valid_from_day'"),
            std::string::npos);
}

TEST(Catalog, AnOffersColumnTheReaderDoesNotKnowIsRefused) {
  // Validity columns under other names, read as absent, would make every offer valid every day.
  for (const char* header : {"product_id,valid_from,valid_to", "product_id,start_day,end_day",
                             "product_id,valid_from_day,valid_to_day,discount"}) {
    const std::string error = error_of(
        std::string(header) + "\n1,1,9" + (std::string(header).ends_with("discount") ? ",5" : "") + "\n",
        read_offers);
    EXPECT_TRUE(error.find(":1:2: unknown column") != std::string::npos ||
                error.find(":1:4: unknown column 'discount'") != std::string::npos)
        << header << ": " << error;
    EXPECT_NE(error.find("product_id[,valid_from_day,valid_to_day]"), std::string::npos) << error;
  }
  // A column without a name (a trailing comma) is read as empty, and refused when it is not.
  EXPECT_EQ(error_of("product_id,valid_from_day,valid_to_day,\n1,1,9,\n", read_offers), "no error");
  EXPECT_NE(error_of("product_id,valid_from_day,valid_to_day,\n1,1,9,5\n", read_offers)
                .find(":2:4: '5' in a column without a name"),
            std::string::npos);
  // The columns it knows, in any order, are read.
  TempCsv offers("valid_to_day,product_id,valid_from_day\n9,7,1\n");
  const std::vector<Offer> read = read_offers(offers.path());
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].product_id, 7);
  EXPECT_EQ(read[0].valid_from, 1);
  EXPECT_EQ(read[0].valid_to, 9);
}

TEST(Catalog, RealDunnhumbyProducts) {
  const std::string path = shared_file("product.csv");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "real data not found at " << path;
  const auto products = read_products_csv(path);
  EXPECT_EQ(products.size(), 92353u);
  std::set<std::string> departments;
  std::size_t blank_departments = 0;
  for (const auto& p : products) {
    if (p.department.empty())
      ++blank_departments;
    else
      departments.insert(p.department);
  }
  // The data README says 44 departments: that counts the blank " " one; 43 are named.
  EXPECT_EQ(departments.size(), 43u);
  EXPECT_EQ(blank_departments, 15u);
  EXPECT_TRUE(std::is_sorted(products.begin(), products.end(),
                             [](const auto& a, const auto& b) { return a.id < b.id; }));
  EXPECT_EQ(products.front().id, 25671);
  EXPECT_EQ(products.front().department, "GROCERY");
  EXPECT_EQ(products.front().size, "22 LB");
}

TEST(Catalog, RealDunnhumbyHouseholds) {
  const std::string path = shared_file("hh_demographic.csv");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "real data not found at " << path;
  const auto households = read_households_csv(path);
  ASSERT_EQ(households.size(), 801u);
  for (const auto& h : households) {
    EXPECT_EQ(h.consent, -1);
    EXPECT_EQ(h.birth_month, 0);
  }
  EXPECT_EQ(households.front().id, 1);
  EXPECT_EQ(households.front().household_type, "2 Adults No Kids");
  EXPECT_EQ(households.front().size_desc, "2");
}

TEST(CatalogFiles, DescriptionsMustBeUtf8AndShort) {
  // They reach the store and the mailing files: a Latin-1 file would write invalid UTF-8 there,
  // and one stray document would pad every name of its column to its length.
  EXPECT_EQ(
      error_of(kProductHeader + "1,1,BAKERY,National,BREAD,CAF\xc9,1 LB\n", read_products_csv),
      "F:2:6: SUB_COMMODITY_DESC is not valid UTF-8 (the file must be UTF-8; convert it, e.g. with iconv)");
  EXPECT_EQ(error_of(kProductHeader + "1,1,BAKERY," + std::string(1001, 'x') + ",BREAD,ROLLS,1 LB\n",
                     read_products_csv),
            "F:2:4: BRAND is 1001 bytes long, more than 1000: not a description");
  EXPECT_EQ(error_of("household_key,consent,hh_comp_desc\n7,1,Fam\xeflle\n", read_households),
            "F:2:3: hh_comp_desc is not valid UTF-8 (the file must be UTF-8; convert it, e.g. with iconv)");
  EXPECT_EQ(error_of(kProductHeader + "1,1,BAKERY,National,BREAD,CAF\xc3\x89,1 LB\n", read_products_csv),
            "no error");
}

TEST(CatalogFiles, DescriptionsHoldNoCharacterThatBreaksALine) {
  // A mailing importer that reads line by line splits a description at a bare CR or U+2028.
  EXPECT_EQ(
      error_of(kProductHeader + "1,1,BAKERY,National,BREAD,\"LINE1\rLINE2\",1 LB\n", read_products_csv),
      "F:2:6: SUB_COMMODITY_DESC holds the control character U+000D at byte 6: a mailing file read line by "
      "line would break there; remove it from the file");
  EXPECT_EQ(
      error_of(kProductHeader + "1,1,BAKERY,\x1b[31mRED,BREAD,ROLLS,1 LB\n", read_products_csv),
      "F:2:4: BRAND holds the control character U+001B at byte 1: a mailing file read line by line would "
      "break there; remove it from the file");
  EXPECT_NE(error_of(kProductHeader + "1,1,BAKERY,National,BREAD,LS\xe2\x80\xa8Y,1 LB\n", read_products_csv)
                .find("U+2028 at byte 3"),
            std::string::npos);
  EXPECT_NE(error_of("household_key,consent,hh_comp_desc\n7,1,NEL\xc2\x85\n", read_households).find("U+0085"),
            std::string::npos);
  // A tab and ordinary non-ASCII text are descriptions.
  EXPECT_EQ(error_of(kProductHeader + "1,1,BAKERY,National,BREAD,A\tB \xe2\x80\x94 \xc2\xa0,1 LB\n",
                     read_products_csv),
            "no error");
}
