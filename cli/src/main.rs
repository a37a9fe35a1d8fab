fn main() {
    let kb = grill::embedded();
    println!("{:?}", kb.stats());
    for d in kb.documents() {
        let n = kb
            .questions()
            .filter(|q| q.document().index() == d.index() && q.is_answered())
            .count();
        println!("{} {} {}", d.slug(), d.title(), n);
    }
    for q in kb.questions() {
        if !q.is_answered() {
            println!("{:?} {} {} | {:?}", q.kind(), q.id(), q.line(), q.path());
        }
    }
}
