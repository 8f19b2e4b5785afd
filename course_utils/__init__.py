"""course_utils: the small package every notebook of the course imports.

Read any module top to bottom; each says which notebook introduces its ideas.

- data: the e-commerce data set: schema, validated loading, preprocessing
- synthetic: the generators of data/ (the e-commerce CSV, spreadsheet, SQLite table, event log)
- sources: checking readers of the spreadsheet, the SQLite table and the event log
- validation: the models' input checks, with messages that name the argument
- tables: any CSV, spreadsheet or SQLite table, checked and prepared (15)
- faces: fer2013's format, checked, and its synthetic stand-in (16)
- datasets: toy 2-D data sets (XOR, donut, clouds, blobs, spirals)
- math: sigmoid, softmax, cross-entropy, one-hot targets, accuracy
- models: LogisticRegression, SoftmaxRegression, MLP in NumPy (fit/predict/score)
- gradcheck: numerical gradients and relative error
- plots: cost curves, data sets, decision boundaries, hidden units
- baselines: the e-commerce models the course keeps (06, 07, 11, 13)
- diagrams: a network drawn as circles and arrows
- checkers: exercise checkers that say what is wrong
- playground, animation: watch a network learn (14)
- notebook: the one-line setup of every notebook
- environment, tensorflow_setup: version checks and a reproducible TensorFlow
- keras_models: the course's three models in Keras 3 (12, 13)
"""

__version__ = "0.1.0"
