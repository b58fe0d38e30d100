#include "engine/synth/taxonomy.hpp"

#include <iterator>

namespace basketgap::engine::synth {

namespace {

using S = Segment;

// Department, commodity, sub-commodities, sizes, cycle (days), price ($), line share (per
// mille), segment, co-purchase groups. Cycles are the "how often does a household that buys
// it regularly buy it again" of everyday experience: milk weekly, detergent monthly.
constexpr CommoditySpec kSpecs[] = {
    // DAIRY
    {"DAIRY", "FLUID MILK", "WHITE MILK|FLAVORED MILK|ORGANIC MILK|LACTOSE FREE MILK", "1 GAL|HALF GAL|QT", 7,
     2.79, 34.0, S::all, g_breakfast | g_coffee},
    {"DAIRY", "CHEESE", "SHREDDED CHEESE|CHEESE SLICES|STRING CHEESE|CREAM CHEESE|PARMESAN",
     "8 OZ|16 OZ|6 OZ", 12, 3.49, 31.6, S::all, g_pasta | g_taco | g_sandwich | g_wine},
    {"DAIRY", "YOGURT", "YOGURT CUPS|GREEK YOGURT|YOGURT MULTIPACK|DRINKABLE YOGURT", "6 OZ|32 OZ|4 CT", 7,
     1.19, 18.3, S::all, g_lunchbox},
    {"DAIRY", "EGGS", "LARGE EGGS|EXTRA LARGE EGGS|ORGANIC EGGS|EGG SUBSTITUTE", "12 CT|18 CT|6 CT", 10, 2.19,
     11.0, S::all, g_brunch | g_baking},
    {"DAIRY", "BUTTER & MARGARINE", "BUTTER STICKS|SPREADABLE BUTTER|MARGARINE TUBS", "16 OZ|8 OZ", 21, 3.29,
     5.1, S::all, g_baking},
    {"DAIRY", "SOUR CREAM & COTTAGE CHEESE", "SOUR CREAM|COTTAGE CHEESE|DIPS DAIRY", "16 OZ|24 OZ", 14, 2.29,
     9.7, S::all, g_taco},
    {"DAIRY", "CREAMERS", "LIQUID CREAMER|POWDER CREAMER|HALF AND HALF", "32 OZ|16 OZ", 10, 2.99, 3.9, S::all,
     g_coffee},
    {"DAIRY", "REFRIGERATED DOUGH", "BISCUITS|CRESCENT ROLLS|COOKIE DOUGH", "16 OZ|8 OZ", 0, 2.49, 7.4,
     S::all, g_brunch | g_baking},
    {"DAIRY", "REFRIGERATED JUICES", "ORANGE JUICE|APPLE JUICE|JUICE BLENDS", "64 OZ|52 OZ", 9, 3.29, 10.2,
     S::all, g_breakfast},
    // BAKERY
    {"BAKERY", "SANDWICH BREAD", "WHITE BREAD|WHEAT BREAD|MULTIGRAIN BREAD", "20 OZ|24 OZ", 7, 2.49, 24.0,
     S::all, g_sandwich},
    {"BAKERY", "BUNS & ROLLS", "HAMBURGER BUNS|HOT DOG BUNS|DINNER ROLLS", "8 CT|12 CT", 0, 2.29, 7.0, S::all,
     g_bbq},
    {"BAKERY", "BAKED SWEET GOODS", "DONUTS|SNACK CAKES|MUFFINS|PASTRIES", "12 OZ|6 CT", 0, 3.19, 12.1,
     S::kids, g_dessert | g_coffee},
    {"BAKERY", "CAKES & PIES", "LAYER CAKES|CUPCAKES|FRUIT PIES", "EACH|8 IN", 0, 7.99, 3.9, S::all,
     g_dessert | g_party},
    {"BAKERY", "IN-STORE BREAD", "FRENCH BREAD|ITALIAN BREAD|BAGELS", "16 OZ|6 CT", 0, 2.99, 4.0, S::all,
     g_pasta},
    {"BAKERY", "TORTILLAS", "FLOUR TORTILLAS|CORN TORTILLAS|WRAPS", "10 CT|20 CT", 14, 2.49, 4.6, S::all,
     g_taco},
    // PRODUCE
    {"PRODUCE", "BANANAS", "BANANAS|ORGANIC BANANAS", "PER LB|3 LB", 6, 0.59, 9.0, S::all,
     g_breakfast | g_lunchbox},
    {"PRODUCE", "TROPICAL FRUIT", "PINEAPPLE|MANGOES|AVOCADOS|KIWI", "EACH|PER LB", 0, 1.99, 4.9, S::all,
     g_taco},
    {"PRODUCE", "APPLES", "GALA APPLES|FUJI APPLES|GRANNY SMITH|HONEYCRISP", "3 LB|PER LB", 10, 3.99, 5.7,
     S::all, g_lunchbox},
    {"PRODUCE", "CITRUS", "ORANGES|LEMONS|LIMES|GRAPEFRUIT", "PER LB|4 LB", 0, 2.49, 5.7, S::all, 0},
    {"PRODUCE", "BERRIES", "STRAWBERRIES|BLUEBERRIES|RASPBERRIES", "16 OZ|6 OZ", 0, 3.49, 3.1, S::all,
     g_breakfast | g_dessert},
    {"PRODUCE", "GRAPES", "RED GRAPES|GREEN GRAPES", "PER LB", 0, 2.99, 3.9, S::all, g_lunchbox},
    {"PRODUCE", "POTATOES", "RUSSET POTATOES|RED POTATOES|SWEET POTATOES", "5 LB|10 LB|PER LB", 14, 3.49, 5.9,
     S::all, g_bbq},
    {"PRODUCE", "ONIONS", "YELLOW ONIONS|RED ONIONS|GREEN ONIONS", "3 LB|PER LB", 14, 1.99, 6.7, S::all,
     g_taco},
    {"PRODUCE", "TOMATOES", "ROMA TOMATOES|GRAPE TOMATOES|VINE TOMATOES", "PER LB|PINT", 0, 2.49, 5.7, S::all,
     g_salad | g_taco},
    {"PRODUCE", "SALAD MIX", "GARDEN SALAD|SPRING MIX|CAESAR KIT|SPINACH", "10 OZ|5 OZ", 7, 2.99, 6.4, S::all,
     g_salad},
    {"PRODUCE", "CARROTS", "BABY CARROTS|WHOLE CARROTS", "1 LB|2 LB", 0, 1.29, 3.6, S::all,
     g_salad | g_lunchbox},
    {"PRODUCE", "PEPPERS", "GREEN PEPPERS|RED PEPPERS|JALAPENOS", "EACH|PER LB", 0, 0.99, 3.8, S::all,
     g_taco | g_salad},
    {"PRODUCE", "VEGETABLES - ALL OTHERS", "BROCCOLI|CUCUMBERS|CELERY|SQUASH|CORN ON COB", "EACH|PER LB", 0,
     1.49, 11.9, S::all, g_salad},
    {"PRODUCE", "MUSHROOMS", "WHITE MUSHROOMS|PORTABELLA", "8 OZ", 0, 1.99, 2.1, S::all, g_pasta | g_salad},
    {"PRODUCE", "HERBS", "CILANTRO|PARSLEY|BASIL|GARLIC", "BUNCH|EACH", 0, 0.99, 1.6, S::all,
     g_pasta | g_taco},
    {"PRODUCE", "ORGANIC PRODUCE", "ORGANIC SALAD|ORGANIC FRUIT|ORGANIC VEGETABLES", "EACH|PER LB", 0, 3.49,
     3.2, S::all, g_salad},
    // MEAT
    {"MEAT", "BEEF", "GROUND BEEF|STEAKS|ROASTS|STEW MEAT", "PER LB|1 LB|2 LB", 10, 5.49, 18.1, S::all,
     g_bbq | g_taco},
    {"MEAT", "CHICKEN", "BREASTS|THIGHS|WINGS|WHOLE CHICKEN", "PER LB|3 LB", 10, 4.99, 6.6, S::all, g_bbq},
    {"MEAT", "PORK", "CHOPS|TENDERLOIN|RIBS", "PER LB", 0, 4.49, 5.1, S::all, g_bbq},
    {"MEAT", "SMOKED MEATS", "HAM|SMOKED SAUSAGE", "PER LB|16 OZ", 0, 4.99, 1.6, S::all, 0},
    {"MEAT", "LUNCHMEAT", "SLICED TURKEY|SLICED HAM|BOLOGNA|SALAMI", "16 OZ|9 OZ", 9, 3.49, 13.3, S::all,
     g_sandwich | g_lunchbox},
    {"MEAT", "BACON", "REGULAR BACON|THICK BACON|TURKEY BACON", "16 OZ|12 OZ", 0, 4.99, 3.9, S::all,
     g_brunch},
    {"MEAT", "BREAKFAST SAUSAGE", "LINKS|PATTIES|ROLL SAUSAGE", "12 OZ|16 OZ", 0, 3.49, 5.6, S::all,
     g_brunch},
    {"MEAT", "HOT DOGS", "BEEF FRANKS|MEAT FRANKS|JUMBO FRANKS", "16 OZ|8 CT", 0, 2.99, 3.6, S::all, g_bbq},
    {"MEAT", "DINNER SAUSAGE", "BRATS|ITALIAN SAUSAGE|KIELBASA", "16 OZ|19 OZ", 0, 3.99, 3.7, S::all,
     g_bbq | g_pasta},
    {"MEAT", "FROZEN MEAT", "FROZEN PATTIES|FROZEN CHICKEN|MEATBALLS", "2 LB|32 OZ", 0, 7.99, 4.4, S::all,
     g_pasta},
    // SEAFOOD
    {"SEAFOOD", "FROZEN SEAFOOD", "SHRIMP|FISH FILLETS|BREADED FISH", "16 OZ|2 LB", 0, 6.99, 3.2, S::all, 0},
    {"SEAFOOD", "FRESH SEAFOOD", "SALMON|TILAPIA|CATFISH", "PER LB", 0, 8.99, 1.7, S::all, 0},
    {"SEAFOOD", "SHELF STABLE SEAFOOD", "CANNED TUNA|CANNED SALMON|SARDINES", "5 OZ|12 OZ", 21, 1.29, 3.4,
     S::all, g_sandwich},
    // DELI
    {"DELI", "DELI MEATS", "TURKEY BREAST|HAM|ROAST BEEF", "PER LB", 0, 6.99, 9.4, S::all, g_sandwich},
    {"DELI", "DELI CHEESES", "SWISS|AMERICAN|PROVOLONE|SPECIALTY CHEESE", "PER LB|8 OZ", 0, 5.99, 5.7, S::all,
     g_wine | g_sandwich},
    {"DELI", "SALADS & DIPS", "POTATO SALAD|SALSA FRESH|HUMMUS|GUACAMOLE", "16 OZ|10 OZ", 0, 3.49, 2.2,
     S::all, g_party | g_taco},
    {"DELI", "PREPARED FOOD", "ROTISSERIE CHICKEN|FRIED CHICKEN|SIDES", "EACH|PER LB", 0, 6.99, 4.1, S::all,
     0},
    {"DELI", "SALAD BAR", "SALAD BAR|FRUIT BAR", "PER LB", 0, 4.99, 3.6, S::all, 0},
    // FROZEN
    {"FROZEN", "FROZEN PIZZA", "THIN CRUST|RISING CRUST|PIZZA SNACKS", "EACH|20 OZ", 0, 4.49, 16.1, S::kids,
     g_pizza | g_party},
    {"FROZEN", "FROZEN DINNERS", "SINGLE SERVE ENTREES|MULTI SERVE DINNERS|BOWLS", "10 OZ|24 OZ", 7, 2.99,
     21.0, S::all, 0},
    {"FROZEN", "FROZEN VEGETABLES", "MIXED VEGETABLES|BROCCOLI|STEAM BAGS|CORN", "12 OZ|16 OZ", 14, 1.49,
     10.4, S::all, 0},
    {"FROZEN", "ICE CREAM", "PREMIUM ICE CREAM|ICE CREAM TUBS|SHERBET", "48 OZ|PINT", 0, 4.29, 10.6, S::all,
     g_dessert},
    {"FROZEN", "FROZEN NOVELTIES", "ICE POPS|ICE CREAM BARS|CONES", "12 CT|6 CT", 0, 3.99, 4.2, S::kids,
     g_dessert},
    {"FROZEN", "FROZEN POTATOES", "FRIES|TATER TOTS|HASH BROWNS", "32 OZ|28 OZ", 0, 2.99, 3.6, S::all, g_bbq},
    {"FROZEN", "FROZEN BREAKFAST", "WAFFLES|BREAKFAST SANDWICHES|PANCAKES", "10 CT|12 OZ", 0, 2.99, 3.8,
     S::kids, g_brunch},
    {"FROZEN", "FROZEN BREAD & DOUGH", "GARLIC BREAD|DINNER ROLLS|PIE CRUST", "16 OZ|12 CT", 0, 2.79, 2.9,
     S::all, g_pasta},
    {"FROZEN", "FROZEN DESSERTS", "FROZEN PIES|WHIPPED TOPPING|CHEESECAKE", "8 OZ|EACH", 0, 3.49, 2.0, S::all,
     g_dessert},
    {"FROZEN", "ICE", "CUBED ICE|CRUSHED ICE", "10 LB|22 LB", 0, 2.49, 1.2, S::all, g_party},
    // PANTRY
    {"PANTRY", "SOUP", "CONDENSED SOUP|READY TO SERVE SOUP|BROTH|RAMEN", "10.75 OZ|18.6 OZ|32 OZ", 14, 1.29,
     23.0, S::all, g_cold},
    {"PANTRY", "CANNED VEGETABLES", "GREEN BEANS|CORN|PEAS|TOMATOES CANNED", "14.5 OZ|15 OZ", 14, 0.89, 17.9,
     S::all, 0},
    {"PANTRY", "CANNED FRUIT", "PEACHES|PINEAPPLE|FRUIT CUPS|APPLESAUCE", "15 OZ|4 CT", 0, 1.49, 7.9, S::kids,
     g_lunchbox},
    {"PANTRY", "CANNED BEANS", "BAKED BEANS|CHILI BEANS|REFRIED BEANS|BLACK BEANS", "15 OZ|16 OZ", 0, 1.09,
     5.5, S::all, g_taco | g_bbq},
    {"PANTRY", "SHELF STABLE MEAT", "CHILI|CANNED CHICKEN|MEAT SPREADS", "15 OZ|10 OZ", 0, 2.29, 9.3, S::all,
     0},
    {"PANTRY", "DRY PASTA", "SPAGHETTI|ELBOWS|PENNE|EGG NOODLES", "16 OZ|12 OZ", 14, 1.29, 6.9, S::all,
     g_pasta},
    {"PANTRY", "PASTA SAUCE", "TRADITIONAL SAUCE|ALFREDO|MEAT SAUCE", "24 OZ|15 OZ", 14, 2.49, 6.8, S::all,
     g_pasta},
    {"PANTRY", "RICE & DRY BEANS", "WHITE RICE|BROWN RICE|RICE SIDES|DRY BEANS", "2 LB|5.6 OZ", 0, 1.99, 8.2,
     S::all, g_taco},
    {"PANTRY", "DINNER MIXES", "MAC AND CHEESE|HAMBURGER HELPER|BOXED DINNERS", "7.25 OZ|6 OZ", 0, 1.29, 7.8,
     S::kids, 0},
    {"PANTRY", "HISPANIC FOODS", "SALSA|TACO SHELLS|TACO SEASONING|ENCHILADA SAUCE", "16 OZ|12 CT", 0, 1.99,
     10.6, S::all, g_taco},
    {"PANTRY", "CONDIMENTS", "KETCHUP|MUSTARD|BBQ SAUCE|HOT SAUCE", "20 OZ|14 OZ", 30, 2.19, 8.7, S::all,
     g_bbq | g_sandwich},
    {"PANTRY", "SALAD DRESSING & MAYO", "RANCH|ITALIAN DRESSING|MAYONNAISE", "16 OZ|30 OZ", 30, 2.99, 8.0,
     S::all, g_salad | g_sandwich},
    {"PANTRY", "PICKLES & OLIVES", "DILL PICKLES|RELISH|OLIVES", "24 OZ|10 OZ", 0, 2.29, 2.5, S::all, g_bbq},
    {"PANTRY", "PEANUT BUTTER & JELLY", "PEANUT BUTTER|GRAPE JELLY|STRAWBERRY JAM", "18 OZ|32 OZ", 28, 2.79,
     5.3, S::kids, g_sandwich | g_lunchbox},
    {"PANTRY", "SPICES & EXTRACTS", "SALT|PEPPER|SEASONING MIX|VANILLA", "EACH|2 OZ", 0, 2.99, 4.6, S::all,
     g_baking},
    {"PANTRY", "DRY SAUCES & GRAVY", "GRAVY MIX|SEASONING PACKETS", "1 OZ|1.25 OZ", 0, 0.99, 3.4, S::all, 0},
    {"PANTRY", "COOKING OIL", "VEGETABLE OIL|OLIVE OIL|CANOLA OIL|COOKING SPRAY", "48 OZ|16 OZ", 45, 3.99,
     3.3, S::all, g_baking},
    // BAKING
    {"BAKING", "BAKING MIXES", "CAKE MIX|BROWNIE MIX|MUFFIN MIX|FROSTING", "15.25 OZ|16 OZ", 0, 1.79, 6.8,
     S::all, g_baking | g_dessert},
    {"BAKING", "BAKING NEEDS", "FLOUR|CHOCOLATE CHIPS|BAKING SODA|NUTS BAKING", "5 LB|12 OZ", 0, 2.69, 4.2,
     S::all, g_baking},
    {"BAKING", "SUGAR & SWEETENERS", "GRANULATED SUGAR|BROWN SUGAR|SWEETENER PACKETS", "4 LB|2 LB", 40, 2.79,
     3.7, S::all, g_baking | g_coffee},
    {"BAKING", "DRY MIX DESSERTS", "GELATIN|PUDDING MIX", "3 OZ|3.4 OZ", 0, 0.99, 3.7, S::kids, g_dessert},
    {"BAKING", "SYRUP & PANCAKE MIX", "PANCAKE MIX|MAPLE SYRUP|TABLE SYRUP", "32 OZ|24 OZ", 0, 2.99, 2.0,
     S::all, g_brunch},
    // BREAKFAST
    {"BREAKFAST", "COLD CEREAL", "KIDS CEREAL|ADULT CEREAL|FAMILY CEREAL|GRANOLA", "12 OZ|18 OZ", 12, 3.29,
     15.6, S::all, g_breakfast},
    {"BREAKFAST", "HOT CEREAL", "OATMEAL PACKETS|OLD FASHIONED OATS|GRITS", "10 CT|42 OZ", 0, 2.99, 2.9,
     S::all, g_breakfast},
    {"BREAKFAST", "BREAKFAST BARS", "GRANOLA BARS|CEREAL BARS|TOASTER PASTRIES", "6 CT|8 CT", 14, 2.49, 9.5,
     S::kids, g_lunchbox},
    // SNACKS
    {"SNACKS", "BAG SNACKS", "POTATO CHIPS|TORTILLA CHIPS|PRETZELS|CHEESE SNACKS", "10 OZ|13 OZ", 10, 3.29,
     27.3, S::all, g_party | g_bbq | g_sandwich},
    {"SNACKS", "CRACKERS", "SALTINES|SNACK CRACKERS|GRAHAM CRACKERS", "16 OZ|13.7 OZ", 0, 2.69, 13.2, S::all,
     g_wine | g_lunchbox | g_cold},
    {"SNACKS", "COOKIES", "SANDWICH COOKIES|CHOCOLATE CHIP COOKIES|WAFERS", "14.3 OZ|13 OZ", 0, 2.99, 8.4,
     S::kids, g_dessert | g_lunchbox},
    {"SNACKS", "CANDY", "CHOCOLATE BARS|GUM|MINTS|BAGGED CANDY", "EACH|11 OZ", 0, 1.29, 26.8, S::all, 0},
    {"SNACKS", "SNACK NUTS", "PEANUTS|MIXED NUTS|TRAIL MIX", "16 OZ|10 OZ", 0, 3.99, 2.4, S::all, g_party},
    {"SNACKS", "FRUIT SNACKS", "FRUIT SNACKS|FRUIT ROLLS", "10 CT", 0, 2.49, 3.0, S::kids, g_lunchbox},
    {"SNACKS", "POPCORN", "MICROWAVE POPCORN|READY POPCORN", "3 CT|6 CT", 0, 2.99, 2.1, S::all, 0},
    // BEVERAGES
    {"BEVERAGES", "SOFT DRINKS", "COLA|LEMON LIME|DIET COLA|ROOT BEER", "12 PK|2 LTR|20 OZ", 7, 3.99, 42.6,
     S::all, g_party | g_pizza},
    {"BEVERAGES", "WATER", "SPRING WATER|SPARKLING WATER|FLAVORED WATER", "24 PK|1 LTR", 10, 3.99, 8.1,
     S::all, 0},
    {"BEVERAGES", "CANNED JUICES", "JUICE BOXES|APPLE JUICE|CRANBERRY COCKTAIL", "8 PK|64 OZ", 0, 2.79, 12.1,
     S::kids, g_lunchbox},
    {"BEVERAGES", "COFFEE", "GROUND COFFEE|WHOLE BEAN|COFFEE PODS|INSTANT COFFEE", "11 OZ|12 CT|30 OZ", 21,
     7.49, 5.4, S::all, g_coffee | g_breakfast},
    {"BEVERAGES", "TEA", "BLACK TEA BAGS|GREEN TEA|ICED TEA MIX", "20 CT|100 CT", 30, 3.49, 1.6, S::all,
     g_cold},
    {"BEVERAGES", "DRINK MIXES", "POWDERED DRINK MIX|DRINK ENHANCERS", "EACH|1.62 OZ", 0, 1.99, 4.5, S::kids,
     0},
    {"BEVERAGES", "SPORTS DRINKS", "SPORTS DRINKS|ENERGY DRINKS", "32 OZ|16 OZ", 0, 1.49, 3.2, S::all, 0},
    {"BEVERAGES", "COCOA MIXES", "HOT COCOA|MARSHMALLOWS", "8 CT|10 OZ", 0, 1.99, 2.1, S::kids, 0},
    // ALCOHOL
    {"ALCOHOL", "BEER", "DOMESTIC BEER|IMPORTED BEER|CRAFT BEER|LIGHT BEER", "12 PK|6 PK|30 PK", 7, 12.99,
     6.5, S::alcohol, g_party | g_bbq},
    {"ALCOHOL", "WINE", "RED WINE|WHITE WINE|SPARKLING WINE", "750 ML|1.5 LTR", 14, 9.99, 2.3, S::alcohol,
     g_wine},
    {"ALCOHOL", "SPIRITS", "VODKA|WHISKEY|RUM", "750 ML|1.75 LTR", 30, 17.99, 0.8, S::alcohol, g_party},
    // TOBACCO
    {"TOBACCO", "CIGARETTES", "FULL FLAVOR|LIGHTS|MENTHOL", "PACK|CARTON", 3, 6.49, 3.9, S::tobacco, 0},
    {"TOBACCO", "OTHER TOBACCO", "CIGARS|SMOKELESS TOBACCO|LIGHTERS", "EACH|1.2 OZ", 0, 4.49, 0.6, S::tobacco,
     0},
    // BABY
    {"BABY", "BABY FOODS", "STAGE 1 FOODS|STAGE 2 FOODS|BABY CEREAL|TODDLER SNACKS", "4 OZ|2 PK|8 OZ", 5,
     1.19, 5.8, S::baby, g_baby},
    {"BABY", "DIAPERS", "DIAPERS JUMBO|DIAPERS MEGA|TRAINING PANTS", "JUMBO|MEGA|BIG PACK", 10, 11.99, 1.9,
     S::baby, g_baby},
    {"BABY", "BABY WIPES", "WIPES REFILL|WIPES TUB|SENSITIVE WIPES", "72 CT|216 CT", 14, 3.49, 1.0, S::baby,
     g_baby},
    {"BABY", "INFANT FORMULA", "POWDER FORMULA|READY TO FEED|SOY FORMULA", "23 OZ|32 OZ", 9, 22.99, 0.9,
     S::baby, g_baby},
    {"BABY", "BABY CARE", "BABY LOTION|BABY WASH|BOTTLES|PACIFIERS", "EACH|15 OZ", 0, 4.99, 1.7, S::baby,
     g_baby},
    // PET
    {"PET", "CAT FOOD", "DRY CAT FOOD|WET CAT FOOD|CAT TREATS", "3 LB|16 LB|3 OZ", 7, 4.99, 5.8, S::cat,
     g_cat},
    {"PET", "CAT LITTER", "CLUMPING LITTER|CLAY LITTER", "20 LB|40 LB", 21, 8.99, 1.2, S::cat, g_cat},
    {"PET", "DOG FOOD", "DRY DOG FOOD|WET DOG FOOD|DOG TREATS", "17 LB|13 OZ|30 LB", 14, 9.99, 4.7, S::dog,
     g_dog},
    {"PET", "PET SUPPLIES", "TOYS|LEASHES|BOWLS|FLEA CARE", "EACH", 0, 5.99, 0.8, S::dog, g_dog | g_cat},
    // HOUSEHOLD
    {"HOUSEHOLD", "LAUNDRY DETERGENTS", "LIQUID DETERGENT|POWDER DETERGENT|DETERGENT PODS",
     "100 OZ|50 OZ|42 CT", 30, 8.99, 3.2, S::all, g_laundry},
    {"HOUSEHOLD", "LAUNDRY ADDITIVES", "FABRIC SOFTENER|DRYER SHEETS|BLEACH|STAIN REMOVER", "64 OZ|120 CT",
     35, 4.49, 1.8, S::all, g_laundry},
    {"HOUSEHOLD", "DISHWASH DETERGENTS", "DISH LIQUID|DISHWASHER PODS|DISHWASHER GEL", "24 OZ|30 CT", 30,
     3.49, 2.9, S::all, g_laundry},
    {"HOUSEHOLD", "CLEANING SUPPLIES", "ALL PURPOSE CLEANER|GLASS CLEANER|SPONGES|DISINFECTING WIPES",
     "32 OZ|35 CT", 40, 3.29, 3.9, S::all, g_laundry},
    {"HOUSEHOLD", "FOOD WRAPS & BAGS", "TRASH BAGS|FOOD STORAGE BAGS|ALUMINUM FOIL|PLASTIC WRAP",
     "30 CT|50 CT|75 SQ FT", 40, 4.29, 4.7, S::all, 0},
    {"HOUSEHOLD", "AIR CARE", "AIR FRESHENER SPRAY|PLUG IN REFILLS|CANDLES", "8 OZ|2 CT", 0, 3.99, 2.0,
     S::all, 0},
    {"HOUSEHOLD", "BATTERIES & ELECTRICAL", "AA BATTERIES|LIGHT BULBS|EXTENSION CORDS", "4 PK|2 PK", 0, 5.99,
     1.6, S::all, 0},
    // PAPER
    {"PAPER", "BATH TISSUE", "BATH TISSUE DOUBLE ROLL|BATH TISSUE MEGA ROLL", "12 ROLL|6 ROLL|24 ROLL", 21,
     7.99, 5.8, S::all, g_paper},
    {"PAPER", "PAPER TOWELS", "PAPER TOWELS|SELECT A SIZE", "6 ROLL|2 ROLL", 21, 6.49, 4.0, S::all, g_paper},
    {"PAPER", "FACIAL TISSUE & NAPKINS", "FACIAL TISSUE|NAPKINS", "3 PK|250 CT", 30, 2.99, 3.5, S::all,
     g_paper | g_cold},
    {"PAPER", "PAPER PLATES & CUPS", "PAPER PLATES|PLASTIC CUPS|PLASTIC CUTLERY", "50 CT|100 CT", 0, 3.99,
     4.2, S::all, g_party | g_bbq},
    // PERSONAL CARE
    {"PERSONAL CARE", "HAIR CARE", "SHAMPOO|CONDITIONER|STYLING", "12.6 OZ|25.4 OZ", 45, 4.49, 5.0, S::all,
     0},
    {"PERSONAL CARE", "ORAL HYGIENE", "TOOTHPASTE|TOOTHBRUSHES|MOUTHWASH|FLOSS", "4 OZ|2 PK|1 LTR", 45, 3.49,
     4.5, S::all, 0},
    {"PERSONAL CARE", "SOAP", "BAR SOAP|BODY WASH|HAND SOAP", "8 BAR|18 OZ", 35, 4.29, 3.0, S::all, 0},
    {"PERSONAL CARE", "DEODORANTS", "ANTIPERSPIRANT|DEODORANT STICK", "2.6 OZ", 45, 3.99, 1.9, S::all, 0},
    {"PERSONAL CARE", "FEMININE HYGIENE", "PADS|TAMPONS|LINERS", "36 CT|18 CT", 28, 6.49, 2.0, S::all, 0},
    {"PERSONAL CARE", "SKIN CARE", "HAND AND BODY LOTION|FACIAL CARE|SUNSCREEN", "16 OZ|3 OZ", 0, 6.99, 1.6,
     S::all, 0},
    {"PERSONAL CARE", "COSMETICS", "MAKEUP|NAIL CARE|LIP CARE", "EACH", 0, 6.99, 3.0, S::all, 0},
    // HEALTH
    {"HEALTH", "COLD AND FLU", "COLD MEDICINE|COUGH DROPS|NASAL SPRAY", "24 CT|30 CT", 0, 6.99, 3.5, S::all,
     g_cold},
    {"HEALTH", "ANALGESICS", "IBUPROFEN|ACETAMINOPHEN|ASPIRIN", "100 CT|50 CT", 60, 6.49, 2.6, S::all,
     g_cold},
    {"HEALTH", "VITAMINS", "MULTIVITAMINS|VITAMIN C|SUPPLEMENTS", "100 CT|60 CT", 30, 8.99, 2.2, S::all, 0},
    {"HEALTH", "DIET & NUTRITION", "PROTEIN BARS|MEAL SHAKES|DIET FOODS", "6 CT|4 PK", 0, 6.99, 3.3, S::all,
     0},
    // GENERAL MERCHANDISE
    {"GENERAL MERCHANDISE", "GREETING CARDS & PARTY", "BIRTHDAY CARDS|GIFT WRAP|PARTY SUPPLIES", "EACH", 0,
     3.49, 3.6, S::all, g_party},
    {"GENERAL MERCHANDISE", "MAGAZINES & NEWSPAPERS", "MAGAZINES|NEWSPAPERS", "EACH", 7, 3.99, 5.7, S::all,
     0},
    {"GENERAL MERCHANDISE", "SCHOOL & OFFICE", "NOTEBOOKS|PENS|TAPE", "EACH|3 PK", 0, 2.99, 2.5, S::kids, 0},
    {"GENERAL MERCHANDISE", "FLORAL", "BOUQUETS|POTTED PLANTS", "EACH", 0, 9.99, 1.2, S::all, 0},
    {"GENERAL MERCHANDISE", "CHARCOAL & GRILLING", "CHARCOAL|LIGHTER FLUID|GRILL TOOLS", "16 LB|32 OZ", 0,
     8.99, 0.8, S::all, g_bbq},
};

}  // namespace

std::span<const CommoditySpec> commodity_specs() { return kSpecs; }

const std::vector<std::vector<int>>& commodity_partners() {
  static const std::vector<std::vector<int>> partners = [] {
    const int n = static_cast<int>(std::size(kSpecs));
    std::vector<std::vector<int>> out(n);
    for (int a = 0; a < n; ++a)
      for (int b = 0; b < n; ++b)
        if (a != b && (kSpecs[a].groups & kSpecs[b].groups) != 0) out[a].push_back(b);
    return out;
  }();
  return partners;
}

int commodity_index(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kSpecs); ++i)
    if (kSpecs[i].commodity == name) return static_cast<int>(i);
  return -1;
}

std::size_t count_fields(std::string_view list) {
  std::size_t n = 1;
  for (char c : list) n += (c == '|');
  return n;
}

std::string_view pick_field(std::string_view list, std::uint64_t i) {
  i %= count_fields(list);
  std::size_t start = 0;
  for (; i > 0; --i) start = list.find('|', start) + 1;
  const std::size_t end = list.find('|', start);
  return list.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

}  // namespace basketgap::engine::synth
