from sampingdesa.cli import main

main()
