"""course_utils: the small package every notebook of the course imports.

Read any module top to bottom; each says which notebook introduces its ideas.

- data: the e-commerce data set: schema, validated loading, preprocessing
- synthetic: the generator of data/ecommerce_data.csv
- datasets: toy 2-D data sets (XOR, donut, clouds, blobs, spirals)
- math: sigmoid, softmax, cross-entropy, one-hot targets, accuracy
- models: LogisticRegression, SoftmaxRegression, MLP in NumPy (fit/predict/score)
- gradcheck: numerical gradients and relative error
- plots: cost curves, data sets, decision boundaries, hidden units
- environment, tensorflow_setup: version checks and a reproducible TensorFlow
"""

__version__ = "0.1.0"
