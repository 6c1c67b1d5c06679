"""The course's CSV files and their README (sources, licences). nnlib installs this folder as
`nnlib.datasets`; load a file with `nnlib.data.load(name)`."""
