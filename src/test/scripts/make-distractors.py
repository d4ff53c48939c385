#!/usr/bin/env python3
"""Writes N articles on hobbies unrelated to the study corpus, in the seed format, for measuring
matching with distractors loaded beside content/:

    python3 src/test/scripts/make-distractors.py /tmp/distractors 5000
    java -jar target/studybot.jar eval --content <dir holding content/ and the distractors>

Titles and answers recombine a fixed vocabulary per hobby with sentence templates, seeded, so the
same N gives the same files. The hobbies avoid the off-topic eval set's themes (cooking, sport
results, music, languages, taxes, cars, dating, games, money) so that an off-topic question stays
off-topic with the distractors loaded."""
import os
import random
import sys

DOMAINS = {
    "Gardening": "compost mulch seedling perennial trellis pruning shears raised bed aphid loam cutting rootstock",
    "Sailing": "jib mainsail tiller keel halyard tacking jibe mooring buoy spinnaker rudder cleat",
    "Chess": "gambit castling en passant fianchetto zugzwang pawn structure endgame rook fork pin skewer",
    "Knitting": "purl stitch cable pattern yarn weight gauge swatch circular needle ribbing cast on bind off",
    "Birdwatching": "binoculars field guide warbler plumage migration flyway heron raptor birdsong feeder",
    "Photography": "aperture shutter speed ISO tripod prime lens bokeh histogram white balance exposure bracketing",
    "Woodworking": "dovetail joint chisel hand plane mortise tenon wood glue router sanding grit lathe veneer",
    "Yoga": "downward dog sun salutation vinyasa asana pranayama mat bolster warrior pose savasana",
    "Fly fishing": "dry fly nymph tippet leader reel casting loop trout stream wader hatch",
    "Beekeeping": "hive frame queen bee smoker honey super brood comb swarm varroa mite nectar flow",
    "Pottery": "kiln glaze wheel throwing centering bisque firing slip trimming stoneware porcelain",
    "Hiking": "trailhead switchback daypack trekking poles blister topographic map summit cairn water filter",
    "Aquariums": "filter media cycling ammonia nitrate substrate aquascape cichlid heater water change",
    "Calligraphy": "nib ink broad edge pen copperplate flourish baseline ascender italic hand guideline",
    "Origami": "valley fold mountain fold crane squash fold crease pattern kami modular unit petal fold",
    "Archery": "recurve bow compound bow arrow rest fletching nocking point draw weight quiver target face",
    "Bonsai": "juniper wiring nebari root pruning repotting deadwood jin akadama pinching ramification",
    "Dog training": "clicker recall leash heel command treat reward crate sit stay puppy socialisation",
    "Horse care": "hoof pick farrier saddle bridle grooming brush paddock hay net girth stable",
    "Scuba diving": "regulator buoyancy compensator dive computer wetsuit mask fins decompression stop reef",
    "Candle making": "soy wax wick tab fragrance oil melt pour pot container candle tunnelling pillar",
    "Rock climbing": "belay device carabiner harness chalk bag crimp hold bouldering rappel top rope quickdraw",
    "Kayaking": "paddle blade spray skirt eskimo roll sea kayak rapids portage bulkhead cockpit",
    "Embroidery": "hoop satin stitch french knot floss backstitch stabiliser chain stitch needle threader",
    "Quilting": "batting binding quilt block rotary cutter seam allowance appliqué fat quarter longarm",
    "Soap making": "lye saponification cold process mould curing rack superfat essential oil trace",
    "Stamp collecting": "perforation watermark hinge album postmark philately first day cover tongs catalogue",
    "Model railways": "gauge locomotive layout ballast turnout scenery points controller rolling stock",
    "Terrariums": "moss fern springtail drainage layer glass jar succulent charcoal humidity condensation",
    "Juggling": "cascade pattern juggling club devil stick siteswap diabolo shower pattern juggling ball",
    "Kite flying": "spar bridle line tension stunt kite sail wind window tail ripstop nylon",
    "Glassblowing": "furnace blowpipe gather marver glory hole annealer punty jacks parison",
    "Falconry": "falconer gauntlet jess hood lure perch mews hawk anklet creance",
    "Perfume making": "top note base note accord alcohol dilution maceration musk citrus blotter strip",
    "Jewellery making": "jump ring clasp crimp bead wire wrapping soldering pliers gemstone setting bail",
    "Stand-up paddleboarding": "paddleboard fin leash paddle stroke flat water deck pad inflatable board",
}

TITLES = [
    "What is a {t} in {d}?",
    "How do you choose a {t} for {d}?",
    "Why does the {t} matter when you start {d}?",
    "How do you look after a {t} in {d}?",
    "What mistakes do beginners make with the {t} in {d}?",
    "How does a {t} work alongside a {u} in {d}?",
    "When should you replace your {t} in {d}?",
]
SENTENCES = [
    "In {d}, the {t} is one of the first things an enthusiast learns to handle with care.",
    "Experienced hobbyists compare the {t} with the {u} before deciding what suits them.",
    "A well chosen {t} makes a session of {d} calmer, safer and more enjoyable.",
    "Many clubs run weekend workshops where members practise with a {t} and a {u}.",
    "The {t} wears over time, so it is worth checking it before every outing.",
    "Beginners often overlook the {u}, yet it changes how the {t} behaves.",
    "Specialist shops stock several kinds of {t}, from simple starter models to handmade ones.",
    "Patience matters more than equipment: a steady routine with the {t} brings results.",
    "Keep the {t} dry and clean after use, and store the {u} somewhere cool.",
    "Local {d} groups are a good place to borrow a {u} before buying one.",
]


def terms(spec):
    words = spec.split()
    out, i = [], 0
    while i < len(words):
        # pair words into two-word terms where the pair reads as one (ends a known noun list)
        if i + 1 < len(words) and len(words[i]) <= 8 and random.random() < 0.35:
            out.append(words[i] + " " + words[i + 1])
            i += 2
        else:
            out.append(words[i])
            i += 1
    return out


def main():
    out_dir, n = sys.argv[1], int(sys.argv[2])
    random.seed(20261130)
    vocab = {d: terms(s) for d, s in DOMAINS.items()}
    domains = list(DOMAINS)
    os.makedirs(out_dir, exist_ok=True)
    for i in range(n):
        d = domains[i % len(domains)]
        t, u = random.sample(vocab[d], 2)
        title = random.choice(TITLES).format(t=t, u=u, d=d.lower())
        body = [s.format(t=t, u=u, d=d.lower()) for s in random.sample(SENTENCES, 6)]
        paras = [" ".join(body[0:2]), " ".join(body[2:4]), " ".join(body[4:6])]
        answer = "\\n\\n".join(paras)
        slug = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")
        slug = "-".join(p for p in slug.split("-") if p) + "-" + str(i)
        aid = 900000 + i
        sub = "-".join(d.lower().split())
        path = os.path.join(out_dir, sub)
        os.makedirs(path, exist_ok=True)
        with open(os.path.join(path, slug + ".md"), "w", encoding="utf-8") as f:
            f.write(f"""---
_schema: default
id: {aid}
date: 2025-02-01
title: >-
    {title}
article_title: >-
    {title}
seo:
  title: QuickTakes | {d}
  page_description: >-
    {body[0]}
  page_keywords: >-
    {t}, {u}, {d.lower()}
author: QuickTakes
question: >-
    {title}
answer: >-
    {answer}
subject: {d}
file_name: {slug}.md
url: /learn/{sub}/questions/{slug}
score: -1.0
---
&nbsp;
""")


if __name__ == "__main__":
    main()
