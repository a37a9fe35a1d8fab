#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let kb = grill_rs::embedded();
    grill_fuzz::checks::query(&kb, data)
});
